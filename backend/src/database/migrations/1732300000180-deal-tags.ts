import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tags on deals (issue 13, the board's tag filter): short labels kept as typed (the contract
 * trims and bounds them). The filter matches case-insensitively on `lower(tag)`, so the GIN index
 * is over the lowered array: `lower_tags(tags) @> ARRAY[lower($1)]` is one index lookup.
 */
export class DealTags1732300000180 implements MigrationInterface {
  name = 'DealTags1732300000180';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deals ADD COLUMN IF NOT EXISTS tags text[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `CREATE OR REPLACE FUNCTION lower_tags(text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT COALESCE(array_agg(lower(t)), '{}') FROM unnest($1) AS t $$`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS deals_tags_idx ON deals USING gin (lower_tags(tags)) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS deals_tags_idx`);
    await q.query(`DROP FUNCTION IF EXISTS lower_tags(text[])`);
    await q.query(`ALTER TABLE deals DROP COLUMN IF EXISTS tags`);
  }
}
