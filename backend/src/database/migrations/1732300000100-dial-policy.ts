import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound dial policy (issue 11, ADR 0009). The Head's settings are one row of `settings`
 * (key `telephony.dial_policy`; the code has the defaults, so no row is needed until the Head
 * saves). Each user may or may not call outside the allowed countries: off for everyone until a
 * Head switches it on (for themselves too), so a new account never dials abroad by accident.
 * Every refused call is kept in `dial_refusals` for the Head.
 */
export class DialPolicy1732300000100 implements MigrationInterface {
  name = 'DialPolicy1732300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN international_allowed boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE dial_refusals (
        id bigserial PRIMARY KEY,
        call_id varchar(255) NOT NULL,
        extension varchar(64) NOT NULL,
        user_id uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        destination varchar(64) NOT NULL,
        reason varchar(32) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX dial_refusals_created_idx ON dial_refusals (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS dial_refusals`);
    await q.query(`ALTER TABLE users DROP COLUMN IF EXISTS international_allowed`);
  }
}
