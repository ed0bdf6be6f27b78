import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Blind transfers (ADR 0005): one row per transfer request, with the single-use token the
 * carrier's new INVITE carries back. `new_sip_call_id` is set when that INVITE is routed
 * (claimed), `consumed_at` when the target answers. Calls get the `transferred` outcome.
 */
export class CallTransfers1732300000070 implements MigrationInterface {
  name = 'CallTransfers1732300000070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_transfers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token varchar(64) NOT NULL UNIQUE,
        call_id uuid NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        deal_id uuid NULL REFERENCES deals(id) ON DELETE SET NULL,
        from_user_id uuid NOT NULL REFERENCES users(id),
        to_user_id uuid NOT NULL REFERENCES users(id),
        requested_by uuid NOT NULL REFERENCES users(id),
        expires_at timestamptz NOT NULL,
        new_sip_call_id varchar(255) NULL UNIQUE,
        claimed_at timestamptz NULL,
        consumed_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX call_transfers_call_idx ON call_transfers (call_id)`);
    await q.query(`ALTER TABLE calls DROP CONSTRAINT IF EXISTS calls_outcome_check`);
    await q.query(`ALTER TABLE calls ADD CONSTRAINT calls_outcome_check CHECK (outcome IN ('ringing','answered','completed','missed','transferred'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS call_transfers`);
    await q.query(`UPDATE calls SET outcome = 'completed' WHERE outcome = 'transferred'`);
    await q.query(`ALTER TABLE calls DROP CONSTRAINT IF EXISTS calls_outcome_check`);
    await q.query(`ALTER TABLE calls ADD CONSTRAINT calls_outcome_check CHECK (outcome IN ('ringing','answered','completed','missed'))`);
  }
}
