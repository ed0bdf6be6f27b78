import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board's column totals (count and sum of amounts per stage) read only this index: an
 * index-only scan per stage, owner_id for a Seller's filter, amount for the sum. Without it
 * the totals visited the heap of every live deal, and when `stages` has no statistics (a
 * 9-row table never reaches autovacuum's analyze threshold) the planner sorted 50,000 rows
 * on disk and rescanned them per stage: ~110 ms of a Head's board at 50,000 deals; 16-28 ms now.
 * See docs/performance.md, "Board (issue 2)".
 */
export class BoardIndexes1732300000010 implements MigrationInterface {
  name = 'BoardIndexes1732300000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS deals_board_totals_idx ON deals (stage_id, owner_id) INCLUDE (amount) WHERE deleted_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS deals_board_totals_idx`);
  }
}
