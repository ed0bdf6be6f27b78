import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's own language (issue 15): null follows the team's (team settings, a JSON row that needs
 * no migration). The list is the one of this migration's day; a later language widens the check
 * in a migration of its own.
 */
export class Languages1732300000210 implements MigrationInterface {
  name = 'Languages1732300000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN language varchar(5) NULL
        CONSTRAINT users_language_check CHECK (language IN ('en','hu','id','ro','he'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS language`);
  }
}
