import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A normalised phone number belongs to one contact, so simultaneous first calls from one number
 * give one contact (INSERT ... ON CONFLICT). Numbers already on more than one contact stay with
 * the oldest contact; the other contacts' copies are kept in `contact_phone_conflicts` (nothing is
 * deleted) for a Head to sort out, and come back on a rollback of this migration.
 */
export class UniqueContactPhone1732300000111 implements MigrationInterface {
  name = 'UniqueContactPhone1732300000111';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contact_phone_conflicts (
        id uuid PRIMARY KEY,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        e164 varchar(20) NOT NULL,
        label varchar(30) NOT NULL,
        sort_order int NOT NULL,
        kept_on_contact_id uuid NULL REFERENCES contacts(id) ON DELETE SET NULL,
        moved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      WITH ranked AS (
        SELECT p.id, p.contact_id, p.e164, p.label, p.sort_order,
               first_value(p.contact_id) OVER w AS keeper, row_number() OVER w AS n
        FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
        WINDOW w AS (PARTITION BY p.e164 ORDER BY c.created_at, c.id)
      ), moved AS (
        INSERT INTO contact_phone_conflicts (id, contact_id, e164, label, sort_order, kept_on_contact_id)
        SELECT id, contact_id, e164, label, sort_order, keeper FROM ranked WHERE n > 1
        RETURNING id
      )
      DELETE FROM contact_phones WHERE id IN (SELECT id FROM moved)`);
    await q.query(`DROP INDEX IF EXISTS contact_phones_e164_idx`);
    await q.query(`CREATE UNIQUE INDEX contact_phones_e164_key ON contact_phones (e164)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS contact_phones_e164_key`);
    await q.query(`CREATE INDEX IF NOT EXISTS contact_phones_e164_idx ON contact_phones (e164)`);
    await q.query(`
      INSERT INTO contact_phones (id, contact_id, e164, label, sort_order)
      SELECT id, contact_id, e164, label, sort_order FROM contact_phone_conflicts
      ON CONFLICT DO NOTHING`);
    await q.query(`DROP TABLE IF EXISTS contact_phone_conflicts`);
  }
}
