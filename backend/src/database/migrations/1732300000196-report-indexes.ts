import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What makes a year of a million deals and two million calls one narrow index scan per report
 * (issue 14's figures, docs/performance.md): covering indexes over the period columns, and two
 * more facts kept on calls by triggers so the calls report reads no other table:
 * `transfer_leg` (the call a transfer placed) and `contact_importance` (its contact's class now).
 */
export class ReportIndexes1732300000196 implements MigrationInterface {
  name = 'ReportIndexes1732300000196';
  transaction = true;

  async up(q: QueryRunner): Promise<void> {
    // Backfills and index builds over every deal and call: on a million rows they outlast the
    // sessions' 15 s statement timeout, so this migration's transaction lifts it.
    await q.query(`SET LOCAL statement_timeout = 0`);
    const DEAL_FACTS = `pipeline_id, owner_id, stage_id, furthest_stage_id, lost_from_stage_id, status, currency, amount,
      lost_reason, source, first_contact_at, first_offer_at, first_order_at`;
    // Cohorts (created in the period): the team's, and one owner's.
    await q.query(`CREATE INDEX deals_report_created_idx ON deals (created_at) INCLUDE (${DEAL_FACTS}) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX deals_report_owner_created_idx ON deals (owner_id, created_at) INCLUDE (${DEAL_FACTS}) WHERE deleted_at IS NULL`);
    // Outcomes (closed in the period) and the forecast (open, by expected close).
    await q.query(`CREATE INDEX deals_report_closed_idx ON deals (closed_at) INCLUDE (pipeline_id, owner_id, stage_id, status, source, lost_reason, currency, amount)
      WHERE deleted_at IS NULL AND status IN ('won', 'lost')`);
    await q.query(`CREATE INDEX deals_report_owner_closed_idx ON deals (owner_id, closed_at) INCLUDE (pipeline_id, stage_id, status, source, lost_reason, currency, amount)
      WHERE deleted_at IS NULL AND status IN ('won', 'lost')`);
    await q.query(`CREATE INDEX deals_report_expected_idx ON deals (expected_close_on) INCLUDE (pipeline_id, owner_id, stage_id, currency, amount)
      WHERE deleted_at IS NULL AND status = 'open'`);

    // Open deals never contacted (the never-contacted report and Today's new leads): a small partial index.
    await q.query(`CREATE INDEX deals_report_uncontacted_idx ON deals (created_at) INCLUDE (pipeline_id, owner_id, stage_id)
      WHERE deleted_at IS NULL AND status = 'open' AND first_contact_at IS NULL`);
    // Class-A contacts by owner and last contact (the dormant contacts report).
    await q.query(`CREATE INDEX contacts_report_class_a_idx ON contacts (owner_id, last_contact_at) WHERE importance = 'A'`);
    await q.query(`CREATE INDEX contacts_report_class_a_last_idx ON contacts (last_contact_at) INCLUDE (owner_id) WHERE importance = 'A'`);

    await q.query(`ALTER TABLE calls ADD COLUMN transfer_leg boolean NOT NULL DEFAULT false, ADD COLUMN contact_importance char(1) NULL`);
    await q.query(`
      CREATE FUNCTION cb_call_row_facts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.transfer_leg := EXISTS (SELECT 1 FROM call_transfers t WHERE t.new_sip_call_id = NEW.sip_call_id);
        END IF;
        IF TG_OP = 'INSERT' OR NEW.contact_id IS DISTINCT FROM OLD.contact_id THEN
          NEW.contact_importance := (SELECT importance FROM contacts WHERE id = NEW.contact_id);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER calls_row_facts BEFORE INSERT OR UPDATE OF contact_id ON calls FOR EACH ROW EXECUTE FUNCTION cb_call_row_facts()`);
    // The transfer is claimed by its new call's id before or after that call's row exists.
    await q.query(`
      CREATE FUNCTION cb_transfer_leg() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.new_sip_call_id IS NOT NULL THEN
          UPDATE calls SET transfer_leg = true WHERE sip_call_id = NEW.new_sip_call_id AND NOT transfer_leg;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER call_transfers_leg AFTER INSERT OR UPDATE OF new_sip_call_id ON call_transfers FOR EACH ROW EXECUTE FUNCTION cb_transfer_leg()`);
    await q.query(`
      CREATE FUNCTION cb_contact_class_on_calls() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE calls SET contact_importance = NEW.importance WHERE contact_id = NEW.id AND contact_importance IS DISTINCT FROM NEW.importance;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER contacts_class_on_calls AFTER UPDATE OF importance ON contacts FOR EACH ROW
      WHEN (OLD.importance IS DISTINCT FROM NEW.importance) EXECUTE FUNCTION cb_contact_class_on_calls()`);
    await q.query(`CREATE INDEX calls_contact_idx ON calls (contact_id)`);
    await q.query(`UPDATE calls c SET transfer_leg = true FROM call_transfers t WHERE t.new_sip_call_id = c.sip_call_id`);
    await q.query(`UPDATE calls c SET contact_importance = ct.importance FROM contacts ct WHERE ct.id = c.contact_id AND ct.importance IS NOT NULL`);

    const CALL_FACTS = `direction, outcome, answered_at, duration_sec, called_back_at, answered_by, user_id, transfer_leg, contact_importance`;
    await q.query(`CREATE INDEX calls_report_at_idx ON calls ((COALESCE(offered_at, created_at))) INCLUDE (${CALL_FACTS}) WHERE direction IS NOT NULL`);
    // One rep's: the calls they answered, placed, or that rang them and were missed.
    await q.query(`CREATE INDEX calls_report_answered_by_idx ON calls (answered_by, (COALESCE(offered_at, created_at))) INCLUDE (${CALL_FACTS}) WHERE direction IS NOT NULL`);
    await q.query(`CREATE INDEX calls_report_placed_idx ON calls (user_id, (COALESCE(offered_at, created_at))) INCLUDE (${CALL_FACTS}) WHERE direction = 'outbound'`);
    await q.query(`CREATE INDEX calls_report_rang_idx ON calls USING gin (rang_user_ids) WHERE outcome = 'missed'`);
    await q.query(`CREATE INDEX calls_report_missed_idx ON calls ((COALESCE(offered_at, created_at))) INCLUDE (rang_user_ids, user_id, direction, transfer_leg) WHERE outcome = 'missed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of ['calls_report_missed_idx', 'calls_report_rang_idx', 'calls_report_placed_idx', 'calls_report_answered_by_idx', 'calls_report_at_idx', 'calls_contact_idx',
      'deals_report_uncontacted_idx', 'contacts_report_class_a_last_idx', 'contacts_report_class_a_idx', 'deals_report_expected_idx', 'deals_report_owner_closed_idx', 'deals_report_closed_idx', 'deals_report_owner_created_idx', 'deals_report_created_idx']) {
      await q.query(`DROP INDEX IF EXISTS ${i}`);
    }
    await q.query(`DROP TRIGGER IF EXISTS contacts_class_on_calls ON contacts`);
    await q.query(`DROP TRIGGER IF EXISTS call_transfers_leg ON call_transfers`);
    await q.query(`DROP TRIGGER IF EXISTS calls_row_facts ON calls`);
    for (const f of ['cb_contact_class_on_calls', 'cb_transfer_leg', 'cb_call_row_facts']) await q.query(`DROP FUNCTION IF EXISTS ${f}()`);
    await q.query(`ALTER TABLE calls DROP COLUMN IF EXISTS transfer_leg, DROP COLUMN IF EXISTS contact_importance`);
  }
}
