import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Call recordings (issue 16): the policy per pipeline or sales number (the team default and the
 * retention period are a JSON row of `settings`), one recording per call (its state while the call
 * is live, then the stored file's facts), and the listen log. The log keeps the recording's id
 * without a foreign key: it outlives the recording it names (retention, erasure).
 */
export class Recordings1732300000222 implements MigrationInterface {
  name = 'Recordings1732300000222';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recording_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pipeline_id uuid NULL UNIQUE REFERENCES pipelines(id) ON DELETE CASCADE,
        number varchar(20) NULL UNIQUE,
        policy varchar(12) NOT NULL CHECK (policy IN ('off','every_call','on_demand')),
        CHECK ((pipeline_id IS NULL) <> (number IS NULL))
      )`);
    await q.query(`
      CREATE TABLE recordings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        call_id uuid NOT NULL UNIQUE REFERENCES calls(id) ON DELETE CASCADE,
        sip_call_id varchar(255) NOT NULL,
        policy varchar(12) NOT NULL CHECK (policy IN ('off','every_call','on_demand')),
        status varchar(12) NOT NULL CHECK (status IN ('ready','recording','paused','stopped','stored','failed','unavailable')),
        failure varchar(20) NULL CHECK (failure IN ('disk_full','media_error')),
        file_path varchar(300) NULL UNIQUE,
        size_bytes bigint NULL,
        sha256 char(64) NULL,
        channels smallint NULL,
        rep_channel smallint NULL,
        duration_sec double precision NULL,
        started_at timestamptz NULL,
        ended_at timestamptz NULL,
        pauses jsonb NOT NULL DEFAULT '[]'::jsonb,
        stored_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX recordings_sip_call_idx ON recordings (sip_call_id)`);
    await q.query(`CREATE INDEX recordings_stored_idx ON recordings (started_at) WHERE status = 'stored'`);
    await q.query(`
      CREATE TABLE recording_listens (
        id bigserial PRIMARY KEY,
        recording_id uuid NOT NULL,
        call_id uuid NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        listened_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX recording_listens_recording_idx ON recording_listens (recording_id, listened_at DESC)`);
    await q.query(`CREATE INDEX recording_listens_at_idx ON recording_listens (listened_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS recording_listens`);
    await q.query(`DROP TABLE IF EXISTS recordings`);
    await q.query(`DROP TABLE IF EXISTS recording_policies`);
  }
}
