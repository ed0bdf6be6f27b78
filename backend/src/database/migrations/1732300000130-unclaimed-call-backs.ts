import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unclaimed call-backs (issue 12, ADR 0013): a missed call's call-back nobody owns is an open
 * `call_back` task with no assignee, listed on every Seller's Today list and in the Heads'
 * digest; this index finds them without reading every task. The default assignee a Head may set
 * is one row of `settings` (key `tasks.missed_call_assignee`), written when first saved.
 */
export class UnclaimedCallBacks1732300000130 implements MigrationInterface {
  name = 'UnclaimedCallBacks1732300000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX tasks_unclaimed_call_back_idx ON tasks (created_at, id)
       WHERE assignee_id IS NULL AND status = 'open' AND type = 'call_back' AND call_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS tasks_unclaimed_call_back_idx`);
    await q.query(`DELETE FROM settings WHERE key = 'tasks.missed_call_assignee'`);
  }
}
