import type { MigrationInterface, QueryRunner } from 'typeorm';

// Spellings people typed into the old free-text field, after lower-casing and turning every run
// of other characters into "_". Anything else cannot be read as either and becomes "not qualified yet".
const TARGET = ['target_group', 'target', 'targetgroup', 'tg', 'in_target_group', 'in_target', 'yes', 'qualified', 'fit', 'good_fit'];
const NOT_TARGET = [
  'not_target_group',
  'not_target',
  'not_in_target_group',
  'non_target',
  'non_target_group',
  'nontarget',
  'out_of_target',
  'outside_target_group',
  'no',
  'disqualified',
  'unqualified',
  'not_a_fit',
  'no_fit',
  'bad_fit',
];

/**
 * Qualification becomes a fixed list (target_group / not_target_group / null), as the default
 * rules assume. Existing values are mapped; every value that changes leaves an "edited" entry on
 * the deal's timeline with the old text, so nothing typed is lost without a trace.
 */
export class QualificationList1732300000060 implements MigrationInterface {
  name = 'QualificationList1732300000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `WITH normalised AS (
         SELECT id, qualification AS old, btrim(regexp_replace(lower(qualification), '[^a-z0-9]+', '_', 'g'), '_') AS norm
         FROM deals WHERE qualification IS NOT NULL
       ), mapped AS (
         SELECT id, old, CASE WHEN norm = ANY($1::text[]) THEN 'target_group' WHEN norm = ANY($2::text[]) THEN 'not_target_group' END AS new
         FROM normalised
       ), changed AS (
         SELECT * FROM mapped WHERE new IS DISTINCT FROM old
       ), logged AS (
         INSERT INTO deal_events (deal_id, type, actor_id, data)
         SELECT id, 'edited', NULL, jsonb_build_object('changes', jsonb_build_object('qualification', jsonb_build_object('from', old, 'to', new)), 'reason', 'qualification_list')
         FROM changed
       )
       UPDATE deals d SET qualification = c.new FROM changed c WHERE d.id = c.id`,
      [TARGET, NOT_TARGET],
    );
    await q.query(`ALTER TABLE deals ADD CONSTRAINT deals_qualification_check CHECK (qualification IN ('target_group', 'not_target_group'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deals DROP CONSTRAINT IF EXISTS deals_qualification_check`);
  }
}
