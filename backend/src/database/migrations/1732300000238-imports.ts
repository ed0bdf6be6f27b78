import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports (issue 17 part 1, ADR 0036). `import_jobs` is the durable job: `cursor` is the number
 * of the last data row whose batch committed, written in the same transaction as that batch's
 * contacts, deals and rejects, so a restart resumes right after it and no row is done twice.
 * `lease_until` (with `lease_owner`) says which process runs it; another takes it over only once
 * the lease ran out. `import_rejects` holds each rejected row with its reason (the downloadable
 * file). `import_mappings` remembers a column mapping per header row (a hash of the normalised
 * headers).
 */
export class Imports1732300000238 implements MigrationInterface {
  name = 'Imports1732300000238';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_by uuid NOT NULL REFERENCES users(id),
        file_name varchar(255) NOT NULL,
        file_path text NOT NULL,
        format varchar(4) NOT NULL CHECK (format IN ('csv', 'xlsx')),
        encoding varchar(20) NOT NULL,
        size_bytes bigint NOT NULL,
        headers jsonb NOT NULL,
        header_hash char(64) NOT NULL,
        mapping jsonb NULL,
        status varchar(10) NOT NULL CHECK (status IN ('uploaded', 'queued', 'running', 'done', 'cancelled', 'failed')),
        total_rows int NOT NULL,
        cursor int NOT NULL DEFAULT 0,
        created_count int NOT NULL DEFAULT 0,
        updated_count int NOT NULL DEFAULT 0,
        skipped_count int NOT NULL DEFAULT 0,
        rejected_count int NOT NULL DEFAULT 0,
        lease_owner varchar(64) NULL,
        lease_until timestamptz NULL,
        error varchar(500) NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz NULL,
        finished_at timestamptz NULL
      )`);
    // what a worker looks for: jobs to run, oldest first
    await q.query(`CREATE INDEX import_jobs_runnable_idx ON import_jobs (created_at) WHERE status IN ('queued', 'running')`);
    await q.query(`CREATE INDEX import_jobs_created_by_idx ON import_jobs (created_by, created_at DESC)`);
    await q.query(`
      CREATE TABLE import_rejects (
        job_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
        row_number int NOT NULL,
        reason varchar(300) NOT NULL,
        cells jsonb NOT NULL,
        PRIMARY KEY (job_id, row_number)
      )`);
    await q.query(`
      CREATE TABLE import_mappings (
        header_hash char(64) PRIMARY KEY,
        mapping jsonb NOT NULL,
        updated_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS import_mappings`);
    await q.query(`DROP TABLE IF EXISTS import_rejects`);
    await q.query(`DROP TABLE IF EXISTS import_jobs`);
  }
}
