import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events the automation engine accepted and has not handled yet. A row is written before the
 * event is acknowledged (or in the transaction of the rule action that caused it) and deleted in
 * the transaction that handles it, so a crash loses none and a restart handles each once.
 */
export class AutomationOutbox1732300000050 implements MigrationInterface {
  name = 'AutomationOutbox1732300000050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE automation_outbox (
        id bigserial PRIMARY KEY,
        event varchar(40) NOT NULL,
        deal_id uuid NULL,
        payload jsonb NOT NULL,
        chain uuid[] NOT NULL DEFAULT '{}',
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Per-deal order: a row is taken only when no earlier row of its deal is left.
    await q.query(`CREATE INDEX automation_outbox_deal_idx ON automation_outbox (deal_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS automation_outbox`);
  }
}
