import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deal's expected close date (issue 14, reports' forecast). Nullable in the table, but the
 * deals service sets it on every new deal: the creation day in the team's time zone plus the
 * team's expected-close days. Existing deals get their creation day + 30 counted in UTC: the
 * team's zone is a setting the migration does not read (at most a day off, for old deals only).
 */
export class ExpectedClose1732300000185 implements MigrationInterface {
  name = 'ExpectedClose1732300000185';

  async up(q: QueryRunner): Promise<void> {
    // Backfills and index builds over every deal and call: on a million rows they outlast the
    // sessions' 15 s statement timeout, so this migration's transaction lifts it.
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`ALTER TABLE deals ADD COLUMN IF NOT EXISTS expected_close_on date NULL`);
    await q.query(`UPDATE deals SET expected_close_on = (created_at AT TIME ZONE 'UTC')::date + 30 WHERE expected_close_on IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deals DROP COLUMN IF EXISTS expected_close_on`);
  }
}
