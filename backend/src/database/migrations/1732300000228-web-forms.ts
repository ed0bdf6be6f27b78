import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Web-form leads (issue 17 part 5). `web_forms` is what a Head configured; its public token goes
 * into the page. `web_form_submissions` keeps every accepted post (a new lead, one attached to an
 * open deal, or one the honeypot caught) with a hash of the sender's address, never the address.
 * A contact's erasure deletes their submissions (contact_id cascades). A web-form deal says where it came from in `deals.lead_details` (form, page, UTM tags).
 */
export class WebForms1732300000228 implements MigrationInterface {
  name = 'WebForms1732300000228';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE web_forms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(120) NOT NULL,
        public_token varchar(64) NOT NULL UNIQUE,
        pipeline_id uuid NOT NULL REFERENCES pipelines(id),
        fields jsonb NOT NULL,
        redirect_url varchar(2000) NULL,
        allowed_origins text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        created_by uuid NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE web_form_submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        form_id uuid NOT NULL REFERENCES web_forms(id) ON DELETE CASCADE,
        received_at timestamptz NOT NULL DEFAULT now(),
        outcome varchar(10) NOT NULL CHECK (outcome IN ('created', 'attached', 'spam')),
        deal_id uuid NULL REFERENCES deals(id) ON DELETE SET NULL,
        contact_id uuid NULL REFERENCES contacts(id) ON DELETE CASCADE,
        origin varchar(300) NULL,
        sender_hash varchar(64) NULL,
        data jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX web_form_submissions_form_idx ON web_form_submissions (form_id, received_at DESC)`);
    await q.query(`ALTER TABLE deals ADD COLUMN lead_details jsonb NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deals DROP COLUMN IF EXISTS lead_details`);
    await q.query(`DROP TABLE IF EXISTS web_form_submissions`);
    await q.query(`DROP TABLE IF EXISTS web_forms`);
  }
}
