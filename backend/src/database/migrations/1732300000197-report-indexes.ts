import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the reports proved on 1,000,000 deals and 2,000,000 calls (docs/performance.md,
 * "Reports (issue 14)", EXPLAIN before and after on the same database):
 * - A Seller's deal reports read their own deals of the period from one owner-first covering
 *   index, never the heap: funnel 988 → 97 ms, never-contacted 634 → 40 ms, speed-to-lead
 *   983 → 291 ms, offer conversion 360 → 56 ms (cohort by created_at); outcomes 1,715 → 44 ms
 *   (by closed_at). The columns are the ones those statements group and filter by.
 * - The calls reports filter on COALESCE(offered_at, created_at), which had no statistics: the
 *   planner guessed 4,155 of 1,218,214 rows and looked each call's contact up one by one (the
 *   per-class figure 4.2 s); the expression index gives it the column's statistics (hash join, 2.0 s).
 */
export class ReportIndexes1732300000197 implements MigrationInterface {
  name = 'ReportIndexes1732300000197';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS deals_report_owner_cohort_idx ON deals (owner_id, created_at)
        INCLUDE (pipeline_id, stage_id, furthest_stage_id, status, currency, amount, lost_from_stage_id, lost_reason,
                 first_contact_at, first_offer_at, first_order_at, source)
        WHERE deleted_at IS NULL`);
    await q.query(`
      CREATE INDEX IF NOT EXISTS deals_report_owner_closed_idx ON deals (owner_id, closed_at)
        INCLUDE (pipeline_id, stage_id, status, source, lost_reason, currency, amount)
        WHERE deleted_at IS NULL AND closed_at IS NOT NULL`);
    await q.query(`CREATE INDEX IF NOT EXISTS calls_report_at_idx ON calls ((COALESCE(offered_at, created_at)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS calls_report_at_idx`);
    await q.query(`DROP INDEX IF EXISTS deals_report_owner_closed_idx`);
    await q.query(`DROP INDEX IF EXISTS deals_report_owner_cohort_idx`);
  }
}
