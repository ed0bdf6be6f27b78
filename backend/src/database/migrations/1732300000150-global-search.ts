import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Global search (issue 13, ADR 0022): names, companies and deal titles found accent- and
 * case-insensitively ("toth" finds "Tóth"), emails by any part, numbers by any 3+ digits. pg_trgm
 * GIN indexes over a folded form (`cb_fold`: unaccent + lower, declared immutable so it can be
 * indexed; the unaccent dictionary is named explicitly so the result does not depend on the
 * search_path), and byte-order btree indexes over the same form for "starts with" in order. Both
 * extensions ship with PostgreSQL (contrib) and are trusted.
 */
export class GlobalSearch1732300000150 implements MigrationInterface {
  name = 'GlobalSearch1732300000150';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(
      `CREATE FUNCTION cb_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`,
    );
    await q.query(`CREATE INDEX contacts_name_trgm_idx ON contacts USING gin (cb_fold(name) gin_trgm_ops)`);
    await q.query(`CREATE INDEX contacts_company_trgm_idx ON contacts USING gin (cb_fold(company) gin_trgm_ops) WHERE company IS NOT NULL`);
    await q.query(`CREATE INDEX contacts_email_trgm_idx ON contacts USING gin (lower(email) gin_trgm_ops) WHERE email IS NOT NULL`);
    await q.query(`CREATE INDEX contact_phones_e164_trgm_idx ON contact_phones USING gin (e164 gin_trgm_ops)`);
    await q.query(`CREATE INDEX deals_title_trgm_idx ON deals USING gin (cb_fold(title) gin_trgm_ops) WHERE deleted_at IS NULL`);
    // "starts with", in order: a byte-order range over the folded text (a plan that holds for any value)
    await q.query(`CREATE INDEX contacts_name_fold_idx ON contacts ((cb_fold(name) COLLATE "C"), id)`);
    await q.query(`CREATE INDEX deals_title_fold_idx ON deals ((cb_fold(title) COLLATE "C"), id) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['deals_title_fold_idx', 'contacts_name_fold_idx', 'deals_title_trgm_idx', 'contact_phones_e164_trgm_idx', 'contacts_email_trgm_idx', 'contacts_company_trgm_idx', 'contacts_name_trgm_idx']) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS cb_fold(text)`);
  }
}
