import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rep's "done" on a Today row that is not a task (a new lead, yesterday's unanswered attempt):
 * the row leaves their list for that calendar day only.
 */
export class TodayDismissals1732300000173 implements MigrationInterface {
  name = 'TodayDismissals1732300000173';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE today_dismissals (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        kind varchar(24) NOT NULL CHECK (kind IN ('new_lead','unanswered_yesterday')),
        day date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, day, kind, deal_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS today_dismissals`);
  }
}
