import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facts reports count, kept on the rows they describe so a year of a million deals is one
 * narrow index scan, not a walk through the timeline (ADR 0026, docs/reports.md):
 * - a deal's furthest stage (by pipeline order), the stage it was lost from, its first contact
 *   (when and by whom), its first offer and first order;
 * - a contact's last contact; a missed call's call-back time.
 * Database triggers keep them, so every path that moves a deal, answers a call or records a
 * visit counts, including the system's bulk paths and imports.
 */
export class Reports1732300000190 implements MigrationInterface {
  name = 'Reports1732300000190';

  async up(q: QueryRunner): Promise<void> {
    // Backfills and index builds over every deal and call: on a million rows they outlast the
    // sessions' 15 s statement timeout, so this migration's transaction lifts it.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`
      ALTER TABLE deals
        ADD COLUMN furthest_stage_id uuid NULL REFERENCES stages(id) ON DELETE SET NULL,
        ADD COLUMN lost_from_stage_id uuid NULL REFERENCES stages(id) ON DELETE SET NULL,
        ADD COLUMN first_contact_at timestamptz NULL,
        ADD COLUMN first_contact_by uuid NULL REFERENCES users(id),
        ADD COLUMN first_offer_at timestamptz NULL,
        ADD COLUMN first_order_at timestamptz NULL`);
    await q.query(`ALTER TABLE contacts ADD COLUMN last_contact_at timestamptz NULL`);
    await q.query(`ALTER TABLE calls ADD COLUMN called_back_at timestamptz NULL`);

    // Stage facts and first contact, decided on the row itself before it is written.
    await q.query(`
      CREATE FUNCTION cb_deal_report_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        new_group text; new_order int; old_group text; far_order int;
      BEGIN
        IF TG_OP = 'INSERT' OR NEW.stage_id IS DISTINCT FROM OLD.stage_id THEN
          SELECT "group", sort_order INTO new_group, new_order FROM stages WHERE id = NEW.stage_id;
          IF new_group IN ('inbox', 'marketing', 'active') THEN
            IF NEW.furthest_stage_id IS NULL THEN
              NEW.furthest_stage_id := NEW.stage_id;
            ELSE
              SELECT sort_order INTO far_order FROM stages WHERE id = NEW.furthest_stage_id;
              IF far_order IS NULL OR new_order > far_order THEN NEW.furthest_stage_id := NEW.stage_id; END IF;
            END IF;
          END IF;
          IF new_group = 'lost' THEN
            IF TG_OP = 'UPDATE' THEN
              SELECT "group" INTO old_group FROM stages WHERE id = OLD.stage_id;
              IF old_group IS DISTINCT FROM 'lost' THEN NEW.lost_from_stage_id := OLD.stage_id; END IF;
            END IF;
          ELSE
            NEW.lost_from_stage_id := NULL;
          END IF;
        END IF;
        IF NEW.first_contact_at IS NULL AND NEW.last_contact_at IS NOT NULL THEN
          NEW.first_contact_at := NEW.last_contact_at;
          NEW.first_contact_by := NEW.owner_id;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER deals_report_facts BEFORE INSERT OR UPDATE OF stage_id, last_contact_at ON deals
        FOR EACH ROW EXECUTE FUNCTION cb_deal_report_facts()`);

    // A visit or meeting is a contact too (a note is not).
    await q.query(`
      CREATE FUNCTION cb_visit_is_contact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.kind = 'visit' THEN
          UPDATE deals SET first_contact_at = NEW.occurred_at, first_contact_by = COALESCE(NEW.author_id, owner_id)
           WHERE id = NEW.deal_id AND (first_contact_at IS NULL OR first_contact_at > NEW.occurred_at);
          UPDATE contacts c SET last_contact_at = NEW.occurred_at
            FROM deals d
           WHERE d.id = NEW.deal_id AND c.id = d.contact_id AND (c.last_contact_at IS NULL OR c.last_contact_at < NEW.occurred_at);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER activities_visit_is_contact AFTER INSERT ON activities
        FOR EACH ROW EXECUTE FUNCTION cb_visit_is_contact()`);

    // An answered call: the contact's last contact, and the call-back of their earlier missed calls.
    await q.query(`
      CREATE FUNCTION cb_answered_call_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.answered_at IS NOT NULL AND NEW.contact_id IS NOT NULL THEN
          UPDATE contacts SET last_contact_at = NEW.answered_at
           WHERE id = NEW.contact_id AND (last_contact_at IS NULL OR last_contact_at < NEW.answered_at);
          UPDATE calls SET called_back_at = NEW.answered_at
           WHERE contact_id = NEW.contact_id AND outcome = 'missed' AND called_back_at IS NULL
             AND id <> NEW.id AND COALESCE(offered_at, created_at) < NEW.answered_at;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER calls_answered_facts AFTER INSERT OR UPDATE OF answered_at, contact_id ON calls
        FOR EACH ROW EXECUTE FUNCTION cb_answered_call_facts()`);
    // A call missed after its contact was already called back (events out of order) finds the answer here.
    await q.query(`
      CREATE FUNCTION cb_missed_call_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.outcome = 'missed' AND NEW.called_back_at IS NULL AND NEW.contact_id IS NOT NULL THEN
          NEW.called_back_at := (SELECT min(a.answered_at) FROM calls a
            WHERE a.contact_id = NEW.contact_id AND a.id <> NEW.id AND a.answered_at > COALESCE(NEW.offered_at, NEW.created_at));
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER calls_missed_facts BEFORE INSERT OR UPDATE OF outcome, contact_id ON calls
        FOR EACH ROW EXECUTE FUNCTION cb_missed_call_facts()`);
    await q.query(`CREATE INDEX calls_contact_answered_idx ON calls (contact_id, answered_at) WHERE answered_at IS NOT NULL`);
    await q.query(`CREATE INDEX calls_uncalled_missed_idx ON calls (contact_id) WHERE outcome = 'missed' AND called_back_at IS NULL`);

    await q.query(`
      CREATE FUNCTION cb_first_offer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE deals SET first_offer_at = NEW.created_at WHERE id = NEW.deal_id AND (first_offer_at IS NULL OR first_offer_at > NEW.created_at);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER offers_first_offer AFTER INSERT ON offers FOR EACH ROW EXECUTE FUNCTION cb_first_offer()`);
    await q.query(`
      CREATE FUNCTION cb_first_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE deals SET first_order_at = NEW.created_at WHERE id = NEW.deal_id AND (first_order_at IS NULL OR first_order_at > NEW.created_at);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER orders_first_order AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION cb_first_order()`);

    // Backfill from what the tables already hold.
    await q.query(`
      UPDATE deals d SET
        furthest_stage_id = COALESCE((
          SELECT st.id FROM deal_events e JOIN stages st ON st.id IN ((e.data->>'toStageId')::uuid, (e.data->>'fromStageId')::uuid)
          WHERE e.deal_id = d.id AND e.type = 'moved' AND st."group" IN ('inbox','marketing','active')
          ORDER BY st.sort_order DESC LIMIT 1),
          (SELECT s.id FROM stages s WHERE s.id = d.stage_id AND s."group" IN ('inbox','marketing','active'))),
        lost_from_stage_id = CASE WHEN d.status = 'lost' THEN (
          SELECT (e.data->>'fromStageId')::uuid FROM deal_events e
          WHERE e.deal_id = d.id AND e.type = 'moved' AND (e.data->>'toStageId')::uuid = d.stage_id
          ORDER BY e.created_at DESC LIMIT 1) END,
        first_contact_at = d.last_contact_at,
        first_contact_by = CASE WHEN d.last_contact_at IS NOT NULL THEN d.owner_id END,
        first_offer_at = (SELECT min(o.created_at) FROM offers o WHERE o.deal_id = d.id),
        first_order_at = (SELECT min(o.created_at) FROM orders o WHERE o.deal_id = d.id)`);
    await q.query(`
      UPDATE contacts c SET last_contact_at = x.at FROM (
        SELECT contact_id, max(answered_at) AS at FROM calls WHERE answered_at IS NOT NULL AND contact_id IS NOT NULL GROUP BY contact_id) x
      WHERE x.contact_id = c.id`);
    await q.query(`
      UPDATE calls m SET called_back_at = (SELECT min(a.answered_at) FROM calls a
        WHERE a.contact_id = m.contact_id AND a.id <> m.id AND a.answered_at > COALESCE(m.offered_at, m.created_at))
      WHERE m.outcome = 'missed' AND m.contact_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS orders_first_order ON orders`);
    await q.query(`DROP TRIGGER IF EXISTS offers_first_offer ON offers`);
    await q.query(`DROP TRIGGER IF EXISTS calls_missed_facts ON calls`);
    await q.query(`DROP TRIGGER IF EXISTS calls_answered_facts ON calls`);
    await q.query(`DROP TRIGGER IF EXISTS activities_visit_is_contact ON activities`);
    await q.query(`DROP TRIGGER IF EXISTS deals_report_facts ON deals`);
    for (const f of ['cb_first_order', 'cb_first_offer', 'cb_missed_call_facts', 'cb_answered_call_facts', 'cb_visit_is_contact', 'cb_deal_report_facts']) {
      await q.query(`DROP FUNCTION IF EXISTS ${f}()`);
    }
    await q.query(`DROP INDEX IF EXISTS calls_uncalled_missed_idx`);
    await q.query(`DROP INDEX IF EXISTS calls_contact_answered_idx`);
    await q.query(`ALTER TABLE calls DROP COLUMN IF EXISTS called_back_at`);
    await q.query(`ALTER TABLE contacts DROP COLUMN IF EXISTS last_contact_at`);
    await q.query(`ALTER TABLE deals DROP COLUMN IF EXISTS furthest_stage_id, DROP COLUMN IF EXISTS lost_from_stage_id,
      DROP COLUMN IF EXISTS first_contact_at, DROP COLUMN IF EXISTS first_contact_by,
      DROP COLUMN IF EXISTS first_offer_at, DROP COLUMN IF EXISTS first_order_at`);
  }
}
