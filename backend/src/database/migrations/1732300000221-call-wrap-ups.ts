import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wrap-ups after calls (issue 16): one per call at most (the call's rep owes it when the call
 * ends), the Head's list of outcomes (keys; the web app words the defaults in each language).
 */
export class CallWrapUps1732300000221 implements MigrationInterface {
  name = 'CallWrapUps1732300000221';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_wrap_ups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id uuid NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id),
        deal_id uuid NULL REFERENCES deals(id) ON DELETE SET NULL,
        suggested_outcome varchar(40) NULL,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','dismissed')),
        outcome varchar(40) NULL,
        note text NULL CHECK (char_length(note) <= 2000),
        task_id uuid NULL REFERENCES tasks(id) ON DELETE SET NULL,
        completed_by uuid NULL REFERENCES users(id),
        completed_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT call_wrap_ups_call_uq UNIQUE (call_id),
        CONSTRAINT call_wrap_ups_done_has_outcome CHECK (status <> 'done' OR outcome IS NOT NULL)
      )`);
    // the rep's pending list (Today), and the Head's per-rep figures of a day
    await q.query(`CREATE INDEX call_wrap_ups_pending_idx ON call_wrap_ups (user_id, created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX call_wrap_ups_created_idx ON call_wrap_ups (created_at) INCLUDE (user_id, status)`);
    await q.query(`CREATE INDEX call_wrap_ups_deal_idx ON call_wrap_ups (deal_id) WHERE deal_id IS NOT NULL`);
    await q.query(`INSERT INTO settings (key, value) VALUES ('calls.wrap_up_outcomes', $1::jsonb) ON CONFLICT (key) DO NOTHING`, [
      JSON.stringify({ outcomes: ['talked', 'no_answer', 'busy', 'wrong_number', 'call_back_requested', 'not_interested'] }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS call_wrap_ups`);
    await q.query(`DELETE FROM settings WHERE key = 'calls.wrap_up_outcomes'`);
  }
}
