import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Unsorted inbox's actions (issue 17 part 6). A deal declined as spam or merged into another
 * leaves every board, list and report the way a deleted deal does (`deleted_at`), and says why:
 * `removed_as` spam (a Head may restore it; the inbox counts them) or merged (`merged_into_id`
 * names the deal that kept its calls, tasks and activities). A plain delete keeps `removed_as`
 * null.
 */
export class InboxActions1732300000226 implements MigrationInterface {
  name = 'InboxActions1732300000226';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE deals
        ADD COLUMN removed_as varchar(10) NULL CHECK (removed_as IN ('spam', 'merged')),
        ADD COLUMN merged_into_id uuid NULL REFERENCES deals(id) ON DELETE SET NULL,
        ADD CONSTRAINT deals_removed_as_deleted CHECK (removed_as IS NULL OR deleted_at IS NOT NULL)`);
    // the inbox's count of declined leads and the Head's list of them, newest first
    await q.query(`CREATE INDEX deals_declined_spam_idx ON deals (deleted_at DESC) WHERE removed_as = 'spam'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS deals_declined_spam_idx`);
    await q.query(`ALTER TABLE deals DROP CONSTRAINT IF EXISTS deals_removed_as_deleted, DROP COLUMN IF EXISTS merged_into_id, DROP COLUMN IF EXISTS removed_as`);
  }
}
