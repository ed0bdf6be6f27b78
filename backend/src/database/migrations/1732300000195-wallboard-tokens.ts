import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read-only wallboard tokens (issue 14): a Head creates one per TV. The token itself is 32 random
 * bytes shown once; only its SHA-256 is kept. A plain (unsalted, fast) hash is enough for a
 * 256-bit random secret: nothing can be guessed, and the hash must be looked up by equality.
 */
export class WallboardTokens1732300000195 implements MigrationInterface {
  name = 'WallboardTokens1732300000195';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wallboard_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(80) NOT NULL,
        token_hash text NOT NULL UNIQUE,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NULL,
        revoked_at timestamptz NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS wallboard_tokens`);
  }
}
