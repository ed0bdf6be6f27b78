import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocable sign-ins, the login throttle and the first-Head setup link (issue 11, ADR 0010).
 * - `sessions`: one row per sign-in; the access token carries its id (`sid`) and every request and
 *   socket checks the row: signed out (revoked_at), expired, or the user deactivated = 401.
 * - `login_throttle`: attempts per (address, email) and per address (email ''), counted with one
 *   upsert BEFORE the password is checked, so concurrent requests and several processes share it.
 * - `setup_tokens`: the one-time link that creates the first Head; only its SHA-256 is stored.
 */
export class SessionsAndLoginThrottle1732300000090 implements MigrationInterface {
  name = 'SessionsAndLoginThrottle1732300000090';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz NULL,
        revoked_reason varchar(32) NULL,
        address varchar(64) NULL,
        user_agent varchar(200) NULL
      )`);
    await q.query(`CREATE INDEX sessions_live_by_user_idx ON sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
    await q.query(`
      CREATE TABLE login_throttle (
        address varchar(64) NOT NULL,
        email varchar(254) NOT NULL,
        window_start timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL,
        blocked_until timestamptz NULL,
        PRIMARY KEY (address, email)
      )`);
    await q.query(`CREATE INDEX login_throttle_blocked_idx ON login_throttle (blocked_until) WHERE blocked_until IS NOT NULL`);
    await q.query(`
      CREATE TABLE setup_tokens (
        token_hash char(64) PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS setup_tokens`);
    await q.query(`DROP TABLE IF EXISTS login_throttle`);
    await q.query(`DROP TABLE IF EXISTS sessions`);
  }
}
