import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys for integrations (issue 17, ADR 0033). The token is `cbk_<id>_<secret>`; only the
 * SHA-256 of the whole token is kept, found by the id and compared in constant time. A key acts
 * for the Head who created it, within its scopes; the deal timeline names the key that acted.
 */
export class ApiKeys1732300000230 implements MigrationInterface {
  name = 'ApiKeys1732300000230';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(80) NOT NULL,
        token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
        access varchar(5) NOT NULL CHECK (access IN ('read', 'write')),
        resources text[] NOT NULL CHECK (cardinality(resources) > 0),
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NULL,
        revoked_at timestamptz NULL,
        revoked_by uuid NULL REFERENCES users(id)
      )`);
    // the timeline's "who": a change made with a key names the key (actor_id stays its Head)
    await q.query(`ALTER TABLE deal_events ADD COLUMN api_key_id uuid NULL REFERENCES api_keys(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deal_events DROP COLUMN IF EXISTS api_key_id`);
    await q.query(`DROP TABLE IF EXISTS api_keys`);
  }
}
