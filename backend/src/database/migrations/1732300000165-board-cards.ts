import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The board of issue 13: column totals per currency and each card's next task, in the same two
 * statements as before. The totals index gains `currency` so the per-currency sums stay an
 * index-only scan; the next open task of a card is one lookup in a small partial index.
 * See docs/performance.md, "Board (issue 13)".
 */
export class BoardCards1732300000165 implements MigrationInterface {
  name = 'BoardCards1732300000165';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS deals_board_totals_cur_idx ON deals (stage_id, owner_id) INCLUDE (amount, currency) WHERE deleted_at IS NULL`,
    );
    await q.query(`DROP INDEX IF EXISTS deals_board_totals_idx`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS tasks_deal_open_due_idx ON tasks (deal_id, due_at ASC NULLS LAST, created_at, id) INCLUDE (title) WHERE status = 'open'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS tasks_deal_open_due_idx`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS deals_board_totals_idx ON deals (stage_id, owner_id) INCLUDE (amount) WHERE deleted_at IS NULL`,
    );
    await q.query(`DROP INDEX IF EXISTS deals_board_totals_cur_idx`);
  }
}
