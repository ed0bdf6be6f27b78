import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, pipelines and stages, contacts with phones, deals and their timeline. */
export class CrmCore1732300000000 implements MigrationInterface {
  name = 'CrmCore1732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        name varchar(120) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('seller','head')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        extension varchar(32) NOT NULL,
        presence varchar(16) NOT NULL DEFAULT 'available'
          CHECK (presence IN ('available','busy','dnd','offline','on_call')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_uq ON users (lower(email))`);
    await q.query(`CREATE UNIQUE INDEX users_extension_uq ON users (extension)`);
    await q.query(`CREATE SEQUENCE user_extension_seq START 1000`);

    await q.query(`
      CREATE TABLE pipelines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(80) NOT NULL,
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX pipelines_one_default ON pipelines (is_default) WHERE is_default`);
    await q.query(`
      CREATE TABLE stages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pipeline_id uuid NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
        name varchar(80) NOT NULL,
        "group" varchar(16) NOT NULL CHECK ("group" IN ('inbox','marketing','active','won','lost')),
        sort_order int NOT NULL,
        limit_hours int NULL CHECK (limit_hours IS NULL OR limit_hours > 0),
        probability smallint NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
        system_key varchar(40) NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX stages_pipeline_idx ON stages (pipeline_id, sort_order)`);
    await q.query(`CREATE UNIQUE INDEX stages_system_key_uq ON stages (pipeline_id, system_key) WHERE system_key IS NOT NULL`);

    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        email varchar(254) NULL,
        company varchar(200) NULL,
        owner_id uuid NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contacts_owner_idx ON contacts (owner_id)`);
    await q.query(`CREATE INDEX contacts_email_idx ON contacts (lower(email))`);
    await q.query(`
      CREATE TABLE contact_phones (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        e164 varchar(20) NOT NULL,
        label varchar(30) NOT NULL DEFAULT 'mobile',
        sort_order int NOT NULL DEFAULT 0,
        UNIQUE (contact_id, e164)
      )`);
    await q.query(`CREATE INDEX contact_phones_e164_idx ON contact_phones (e164)`);

    await q.query(`
      CREATE TABLE deals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(200) NOT NULL,
        amount numeric(14,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
        currency char(3) NOT NULL DEFAULT 'EUR',
        pipeline_id uuid NOT NULL REFERENCES pipelines(id),
        stage_id uuid NOT NULL REFERENCES stages(id),
        owner_id uuid NULL REFERENCES users(id),
        contact_id uuid NULL REFERENCES contacts(id),
        source varchar(20) NOT NULL DEFAULT 'manual',
        status varchar(8) NOT NULL DEFAULT 'open' CHECK (status IN ('open','won','lost')),
        position double precision NOT NULL DEFAULT 0,
        missed boolean NOT NULL DEFAULT false,
        lost_reason varchar(200) NULL,
        qualification varchar(80) NULL,
        stage_entered_at timestamptz NOT NULL DEFAULT now(),
        last_contact_at timestamptz NULL,
        closed_at timestamptz NULL,
        deleted_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX deals_stage_pos_idx ON deals (stage_id, position, id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX deals_owner_stage_pos_idx ON deals (owner_id, stage_id, position, id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX deals_contact_idx ON deals (contact_id) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX deals_pipeline_idx ON deals (pipeline_id) WHERE deleted_at IS NULL`);

    await q.query(`
      CREATE TABLE deal_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        type varchar(20) NOT NULL,
        actor_id uuid NULL REFERENCES users(id),
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX deal_events_deal_idx ON deal_events (deal_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['deal_events', 'deals', 'contact_phones', 'contacts', 'stages', 'pipelines', 'users']) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS user_extension_seq`);
  }
}
