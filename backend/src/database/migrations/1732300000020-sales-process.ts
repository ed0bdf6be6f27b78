import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_RULES } from './1732300000020-default-rules';

/**
 * The sales process: activities, offers with gapless yearly numbers, orders, contacts' class and
 * consents, automation rules with their runs and durable timers, in-app notifications and an
 * email outbox. Builds on the `tasks` table of CallsAndTasks.
 */
export class SalesProcess1732300000020 implements MigrationInterface {
  name = 'SalesProcess1732300000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX tasks_open_due_idx ON tasks (due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX tasks_deal_status_idx ON tasks (deal_id, status)`);

    await q.query(`
      CREATE TABLE activities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        kind varchar(8) NOT NULL CHECK (kind IN ('visit','note')),
        visit_type varchar(16) NULL CHECK (visit_type IN ('phone','on_site','telepresence','offer_request')),
        visit_status varchar(16) NULL CHECK (visit_status IN ('initial_contact','contact','offer','offer_follow_up')),
        body text NOT NULL DEFAULT '',
        occurred_at timestamptz NOT NULL DEFAULT now(),
        author_id uuid NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'visit') = (visit_type IS NOT NULL AND visit_status IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX activities_deal_idx ON activities (deal_id, occurred_at DESC)`);

    // Gapless numbering: the counter row is locked until the numbering transaction ends.
    await q.query(`
      CREATE TABLE document_counters (
        kind varchar(10) NOT NULL,
        year int NOT NULL,
        last int NOT NULL,
        PRIMARY KEY (kind, year)
      )`);
    await q.query(`
      CREATE TABLE offers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(24) NOT NULL,
        version int NOT NULL DEFAULT 1,
        deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        contact_id uuid NULL REFERENCES contacts(id),
        source_activity_id uuid NULL REFERENCES activities(id),
        source_call_id uuid NULL REFERENCES calls(id),
        currency char(3) NOT NULL,
        status varchar(14) NOT NULL DEFAULT 'draft' CHECK (status IN
          ('draft','sent','confirmed','in_follow_up','renegotiated','accepted','rejected','postponed')),
        reject_reason varchar(12) NULL CHECK (reject_reason IN ('price','competitor','other')),
        status_note text NULL,
        supersedes_id uuid NULL REFERENCES offers(id),
        total numeric(22,2) NOT NULL DEFAULT 0 CHECK (total >= 0),
        created_by uuid NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT offers_number_version_uq UNIQUE (number, version)
      )`);
    await q.query(`CREATE INDEX offers_deal_idx ON offers (deal_id, created_at DESC)`);
    await q.query(`CREATE UNIQUE INDEX offers_supersedes_uq ON offers (supersedes_id) WHERE supersedes_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE offer_items (
        offer_id uuid NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
        position int NOT NULL,
        product varchar(200) NOT NULL,
        quantity numeric(9,3) NOT NULL CHECK (quantity > 0),
        unit_price numeric(14,2) NOT NULL CHECK (unit_price >= 0),
        discount_pct numeric(5,2) NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 100),
        line_total numeric(22,2) NOT NULL CHECK (line_total >= 0),
        PRIMARY KEY (offer_id, position)
      )`);
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number varchar(24) NOT NULL UNIQUE,
        offer_id uuid NOT NULL UNIQUE REFERENCES offers(id),
        deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        contact_id uuid NULL REFERENCES contacts(id),
        currency char(3) NOT NULL,
        total numeric(22,2) NOT NULL,
        status varchar(8) NOT NULL DEFAULT 'open' CHECK (status IN ('open','paid')),
        paid_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX orders_contact_paid_idx ON orders (contact_id, paid_at) WHERE status = 'paid'`);
    await q.query(`CREATE INDEX orders_deal_idx ON orders (deal_id)`);

    await q.query(`
      ALTER TABLE contacts
        ADD COLUMN importance char(1) NULL CHECK (importance IN ('A','B','C')),
        ADD COLUMN consent_email boolean NOT NULL DEFAULT false,
        ADD COLUMN consent_phone boolean NOT NULL DEFAULT false,
        ADD COLUMN consent_newsletter boolean NOT NULL DEFAULT false,
        ADD COLUMN customer_since timestamptz NULL`);

    await q.query(`
      CREATE TABLE automation_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        system_key varchar(40) NULL UNIQUE,
        trigger jsonb NOT NULL,
        conditions jsonb NOT NULL DEFAULT '[]'::jsonb,
        actions jsonb NOT NULL,
        position int NOT NULL DEFAULT 0,
        created_by uuid NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Once per (rule, cause): a duplicate event finds the row and does nothing.
    await q.query(`
      CREATE TABLE automation_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id uuid NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
        cause_key varchar(300) NOT NULL,
        deal_id uuid NULL REFERENCES deals(id) ON DELETE SET NULL,
        outcome varchar(8) NOT NULL CHECK (outcome IN ('acted','failed')),
        actions jsonb NOT NULL DEFAULT '[]'::jsonb,
        error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT automation_runs_cause_uq UNIQUE (rule_id, cause_key)
      )`);
    await q.query(`CREATE INDEX automation_runs_rule_idx ON automation_runs (rule_id, created_at DESC)`);
    // One timer per (rule, subject); the anchor is what it counts from (last contact, stage entry, due time).
    await q.query(`
      CREATE TABLE automation_timers (
        rule_id uuid NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
        subject_id uuid NOT NULL,
        deal_id uuid NULL,
        anchor timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        status varchar(8) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule_id, subject_id)
      )`);
    await q.query(`CREATE INDEX automation_timers_due_idx ON automation_timers (due_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        title varchar(200) NOT NULL,
        body text NOT NULL DEFAULT '',
        deal_id uuid NULL REFERENCES deals(id) ON DELETE CASCADE,
        rule_id uuid NULL REFERENCES automation_rules(id) ON DELETE SET NULL,
        read_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE outbound_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        to_address varchar(254) NOT NULL,
        subject varchar(200) NOT NULL,
        body text NOT NULL,
        status varchar(8) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text NULL,
        rule_id uuid NULL REFERENCES automation_rules(id) ON DELETE SET NULL,
        deal_id uuid NULL REFERENCES deals(id) ON DELETE SET NULL,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX outbound_emails_pending_idx ON outbound_emails (next_attempt_at) WHERE status = 'pending'`);

    await q.query(`INSERT INTO settings (key, value) VALUES ('sales.lost_reasons', $1::jsonb) ON CONFLICT (key) DO NOTHING`, [
      JSON.stringify({ reasons: ['price', 'competitor', 'no_budget', 'not_interested', 'unreachable', 'other'], required: false }),
    ]);
    for (const [position, r] of DEFAULT_RULES.entries()) {
      await q.query(
        `INSERT INTO automation_rules (name, enabled, system_key, trigger, conditions, actions, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (system_key) DO NOTHING`,
        [r.name, r.enabled ?? true, r.key, JSON.stringify(r.trigger), JSON.stringify(r.conditions), JSON.stringify(r.actions), (position + 1) * 10],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['outbound_emails', 'notifications', 'automation_timers', 'automation_runs', 'automation_rules', 'orders', 'offer_items', 'offers', 'document_counters', 'activities']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`ALTER TABLE contacts DROP COLUMN IF EXISTS importance, DROP COLUMN IF EXISTS consent_email,
      DROP COLUMN IF EXISTS consent_phone, DROP COLUMN IF EXISTS consent_newsletter, DROP COLUMN IF EXISTS customer_since`);
    await q.query(`DROP INDEX IF EXISTS tasks_open_due_idx`);
    await q.query(`DROP INDEX IF EXISTS tasks_deal_status_idx`);
    await q.query(`DELETE FROM settings WHERE key = 'sales.lost_reasons'`);
  }
}
