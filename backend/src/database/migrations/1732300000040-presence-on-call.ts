import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What a rep's presence was before a call put them on_call, to give it back afterwards. */
export class PresenceOnCall1732300000040 implements MigrationInterface {
  name = 'PresenceOnCall1732300000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN presence_before_call varchar(16) NULL`);
    await q.query(`CREATE INDEX calls_active_answered_idx ON calls (answered_by) WHERE answered_at IS NOT NULL AND ended_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS calls_active_answered_idx`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS presence_before_call`);
  }
}
