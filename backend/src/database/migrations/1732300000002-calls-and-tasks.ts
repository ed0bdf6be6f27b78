import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calls (one row per SIP Call-ID, updated idempotently by PBX events), telephony settings,
 * and tasks (call-back tasks come from missed calls; the sales-process module builds on them).
 */
export class CallsAndTasks1732300000002 implements MigrationInterface {
  name = 'CallsAndTasks1732300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sip_call_id varchar(255) NOT NULL,
        direction varchar(8) NULL CHECK (direction IN ('inbound','outbound')),
        from_raw varchar(128) NULL,
        from_number varchar(20) NULL,
        from_name varchar(200) NULL,
        to_raw varchar(128) NULL,
        to_number varchar(20) NULL,
        extension varchar(64) NULL,
        user_id uuid NULL REFERENCES users(id),
        contact_id uuid NULL REFERENCES contacts(id),
        deal_id uuid NULL REFERENCES deals(id),
        offered_at timestamptz NULL,
        answered_at timestamptz NULL,
        ended_at timestamptz NULL,
        answered_by uuid NULL REFERENCES users(id),
        answered_extension varchar(64) NULL,
        outcome varchar(12) NOT NULL DEFAULT 'ringing'
          CHECK (outcome IN ('ringing','answered','completed','missed')),
        missed_reason varchar(24) NULL,
        hangup_by varchar(10) NULL,
        duration_sec int NULL,
        rang_user_ids uuid[] NOT NULL DEFAULT '{}',
        deal_created boolean NOT NULL DEFAULT false,
        answer_applied boolean NOT NULL DEFAULT false,
        miss_applied boolean NOT NULL DEFAULT false,
        end_applied boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT calls_sip_call_id_uq UNIQUE (sip_call_id)
      )`);
    await q.query(`CREATE INDEX calls_deal_idx ON calls (deal_id, offered_at DESC)`);
    await q.query(`CREATE INDEX calls_user_idx ON calls (user_id, offered_at DESC)`);
    await q.query(`CREATE INDEX calls_answered_by_idx ON calls (answered_by, offered_at DESC)`);

    await q.query(`
      CREATE TABLE settings (
        key varchar(60) PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO settings (key, value) VALUES
      ('telephony.routing', '{"ownerFirstSeconds": 15, "ringAllSeconds": 45}'::jsonb)`);

    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(200) NOT NULL,
        type varchar(20) NOT NULL DEFAULT 'other'
          CHECK (type IN ('call_back','send_offer','meeting','other')),
        status varchar(10) NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
        due_at timestamptz NULL,
        assignee_id uuid NULL REFERENCES users(id),
        deal_id uuid NULL REFERENCES deals(id) ON DELETE CASCADE,
        contact_id uuid NULL REFERENCES contacts(id) ON DELETE CASCADE,
        call_id uuid NULL REFERENCES calls(id),
        created_by uuid NULL REFERENCES users(id),
        completed_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX tasks_assignee_due_idx ON tasks (assignee_id, status, due_at)`);
    await q.query(`CREATE INDEX tasks_deal_idx ON tasks (deal_id)`);
    // One call-back task per missed call, however often the event arrives
    await q.query(`CREATE UNIQUE INDEX tasks_call_uq ON tasks (call_id) WHERE call_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS tasks`);
    await q.query(`DROP TABLE IF EXISTS settings`);
    await q.query(`DROP TABLE IF EXISTS calls`);
  }
}
