import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Global search by the start of any word of a contact's name (ADR 0022, "a million contacts"):
 * "toth" finds "Eszter Tóth" through an ordered btree range over the name from its second word
 * on, and "toth an" finds "Eszter Tóth Anna". A common surname is 40,000 trigram matches in a
 * million contacts, which a GIN index hands over only as a whole bitmap (~350 ms); a range over a
 * btree stops at the first screenful. Two typed words in the other order ("nagy gab" for "Gabriella
 * Nagy") are two ranges in one index. `cb_tail(text, n)` is the folded text from its n-th word
 * on (words split on white space), NULL when it has fewer words. Numbers likewise by their start
 * and, reversed, by their end ("4433" is usually the last digits someone remembers).
 */
export class SearchByAnyWord1732300000155 implements MigrationInterface {
  name = 'SearchByAnyWord1732300000155';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE FUNCTION cb_tail(text, int) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT CASE WHEN cardinality(w) >= $2 THEN array_to_string(w[$2:], ' ') END
             FROM regexp_split_to_array(btrim(public.cb_fold($1)), '\\s+') AS w $$`,
    );
    // the whole folded name as its second key: "nagy gab" (a surname, then the start of a first
    // name) is checked inside the index, never by reading and folding 40,000 Nagys
    await q.query(`CREATE INDEX contacts_name_tail2_idx ON contacts ((cb_tail(name, 2) COLLATE "C"), (cb_fold(name) COLLATE "C"), id)`);
    await q.query(`CREATE INDEX contacts_name_tail3_idx ON contacts ((cb_tail(name, 3) COLLATE "C"), id)`);
    // a number by its start (typed with the country code) or its end, in byte order
    await q.query(`CREATE INDEX contact_phones_e164_c_idx ON contact_phones ((e164 COLLATE "C"))`);
    await q.query(`CREATE INDEX contact_phones_e164_reversed_idx ON contact_phones ((reverse(e164) COLLATE "C"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS contact_phones_e164_reversed_idx`);
    await q.query(`DROP INDEX IF EXISTS contact_phones_e164_c_idx`);
    await q.query(`DROP INDEX IF EXISTS contacts_name_tail3_idx`);
    await q.query(`DROP INDEX IF EXISTS contacts_name_tail2_idx`);
    await q.query(`DROP FUNCTION IF EXISTS cb_tail(text, int)`);
  }
}
