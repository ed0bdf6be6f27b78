import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks (issue 17): a Head's subscriptions, the events they are sent (one row per
 * event, its exact JSON body kept so every retry signs the same bytes), one delivery per
 * (webhook, event) claimed by the drainers with FOR UPDATE SKIP LOCKED, and the log of every
 * attempt. The signing secret must be recoverable, so it is stored encrypted (AES-256-GCM,
 * backend/src/common/security/secret-box.ts), never in the clear.
 */
export class Webhooks1732300000234 implements MigrationInterface {
  name = 'Webhooks1732300000234';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(80) NOT NULL,
        url text NOT NULL,
        events text[] NOT NULL,
        allowed_hosts text[] NOT NULL DEFAULT '{}',
        secret_enc text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason varchar(16) NULL CHECK (disabled_reason IN ('failures','head')),
        disabled_at timestamptz NULL,
        consecutive_failures int NOT NULL DEFAULT 0,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type varchar(40) NOT NULL,
        body text NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NULL,
        manual boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_of_webhook ON webhook_deliveries (webhook_id, created_at DESC)`);
    await q.query(`CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id)`);
    await q.query(`
      CREATE TABLE webhook_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        status_code int NULL,
        duration_ms int NOT NULL,
        response_excerpt text NULL,
        error text NULL
      )`);
    await q.query(`CREATE INDEX webhook_attempts_of_delivery ON webhook_attempts (delivery_id, id DESC)`);
    // task.due: the (task, due time) pairs already announced, so each is sent once by whichever node scans first
    await q.query(`
      CREATE TABLE webhook_task_due (
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        due_at timestamptz NOT NULL,
        announced_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (task_id, due_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_task_due`);
    await q.query(`DROP TABLE IF EXISTS webhook_attempts`);
    await q.query(`DROP TABLE IF EXISTS webhook_deliveries`);
    await q.query(`DROP TABLE IF EXISTS webhook_events`);
    await q.query(`DROP TABLE IF EXISTS webhooks`);
  }
}
