import { Injectable } from '@nestjs/common';
import type { ContactHit, DealHit } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { contactScopeSql, dealScopeSql } from '../../common/access/deal-visibility';
import { Transactions } from '../../common/database/transactions';

/** What the box asks for: `text` folded by `cb_fold` (accent- and case-free), `digits` when 3+ were typed. */
export interface SearchTerms {
  text: string;
  digits: string | null;
  limit: number;
}

/** The highest code point: `text` + it is above every string that starts with `text`, in byte order. */
const TOP = '\u{10FFFF}';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * Global search over the trigram indexes of migration 150 (ADR 0022). Each kind in two steps so a
 * common word never sorts every match: names that start with the text first (ordered), then any
 * that contain it (a word inside, a company, an email, digits inside a number), up to the limit.
 * Visibility is the same SQL as every list (`contactScopeSql`, `dealScopeSql`).
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly tx: Transactions) {}

  /** The text as the indexes hold it (PostgreSQL's unaccent, not a copy of its rules). */
  async fold(text: string): Promise<string> {
    const row = await this.tx.db().one<{ f: string }>(`SELECT cb_fold($1) AS f`, [text]);
    return row?.f ?? text.toLowerCase();
  }

  async contacts(actor: Actor, t: SearchTerms): Promise<ContactHit[]> {
    const scope = contactScopeSql(actor, '$1', 'c');
    // the number shown: the one whose digits matched, else the contact's first
    const columns = `c.id, c.name, c.company, c.email,
      (SELECT p.e164 FROM contact_phones p WHERE p.contact_id = c.id
        ORDER BY ($3::text IS NOT NULL AND p.e164 LIKE $3) DESC, p.sort_order, p.e164 LIMIT 1) AS phone`;
    const inside = t.text.length >= 3 ? `%${escapeLike(t.text)}%` : null;
    const digits = t.digits ? `%${t.digits}%` : null;
    // Ordered btree ranges that stop at the limit (migration 155): the name starts with the text,
    // its second or third word does ("toth" finds "Eszter Tóth"), or two typed words are the
    // second word and the first ("nagy gab" finds "Gabriella Nagy"), both checked in one index.
    // A number's digits likewise: the number starts with them (typed with its country code) or
    // ends with them.
    const [first, second] = t.text.split(/\s+/).filter(Boolean);
    // (ordered as its index is, so the scan stops at the limit instead of sorting every match)
    const name = (key: string, order = `${key} COLLATE "C", c.id`) =>
      `SELECT c.id FROM contacts c WHERE ${key} COLLATE "C" >= $2 AND ${key} COLLATE "C" < $5 AND ${scope}
       ORDER BY ${order} LIMIT $4`;
    const number = (key: string, from: string, to: string) =>
      `SELECT c.id FROM contact_phones p JOIN contacts c ON c.id = p.contact_id
       WHERE ${from}::text IS NOT NULL AND ${key} COLLATE "C" >= ${from} AND ${key} COLLATE "C" < ${to} AND ${scope}
       ORDER BY ${key} COLLATE "C" LIMIT $4`;
    const branches = [
      name('cb_fold(c.name)'),
      name('cb_tail(c.name, 2)', `cb_tail(c.name, 2) COLLATE "C", cb_fold(c.name) COLLATE "C", c.id`),
      name('cb_tail(c.name, 3)'),
      `SELECT c.id FROM contacts c
       WHERE $3::text IS NOT NULL AND cb_tail(c.name, 2) COLLATE "C" >= $3 AND cb_tail(c.name, 2) COLLATE "C" < $3 || '${TOP}'
         AND cb_fold(c.name) COLLATE "C" >= $10 AND cb_fold(c.name) COLLATE "C" < $10 || '${TOP}' AND ${scope}
       ORDER BY cb_tail(c.name, 2) COLLATE "C", cb_fold(c.name) COLLATE "C", c.id LIMIT $4`,
      number('p.e164', '$6', '$7'),
      number('reverse(p.e164)', '$8', '$9'),
    ];
    const reversed = t.digits ? [...t.digits].reverse().join('') : null;
    const ranked = await this.tx.db().rows<{ id: string; rank: number }>(
      branches.map((sql, rank) => `(SELECT ${rank} AS rank, id FROM (${sql}) b${rank})`).join(' UNION ALL '),
      [actor.id, t.text, second ? first : null, t.limit, t.text + TOP,
        t.digits ? `+${t.digits}` : null, t.digits ? `+${t.digits}${TOP}` : null, reversed, reversed ? reversed + TOP : null, second ?? null],
    );
    // by rank, keeping each branch's own order (a stable sort; the branches may arrive interleaved)
    const ids: string[] = [];
    for (const { id } of ranked.sort((x, y) => x.rank - y.rank)) if (!ids.includes(id) && ids.length < t.limit) ids.push(id);
    if (ids.length < t.limit && (inside || digits)) {
      // Then anything that contains the text (a word inside a word, a company, an email, digits in
      // the middle of a number), one trigram index per kind, taken until the limit.
      const contains = [
        `SELECT p.contact_id AS id FROM contact_phones p WHERE $3::text IS NOT NULL AND p.e164 LIKE $3`,
        `SELECT x.id FROM contacts x WHERE $2::text IS NOT NULL AND cb_fold(x.name) LIKE $2`,
        `SELECT x.id FROM contacts x WHERE $2::text IS NOT NULL AND x.company IS NOT NULL AND cb_fold(x.company) LIKE $2`,
        `SELECT x.id FROM contacts x WHERE $2::text IS NOT NULL AND x.email IS NOT NULL AND lower(x.email) LIKE $2`,
      ];
      const found = await this.tx.db().rows<{ id: string }>(
        `SELECT c.id FROM (${contains.join(' UNION ALL ')}) m
         CROSS JOIN LATERAL (SELECT c.id FROM contacts c WHERE c.id = m.id AND c.id <> ALL($5::uuid[]) AND ${scope}) c
         LIMIT $4`,
        [actor.id, inside, digits, (t.limit - ids.length) * 3, ids],
      );
      for (const { id } of found) if (!ids.includes(id) && ids.length < t.limit) ids.push(id);
    }
    if (ids.length === 0) return [];
    const hits = await this.tx.db().rows<ContactHit>(`SELECT ${columns} FROM contacts c WHERE c.id = ANY($2::uuid[]) AND $1::uuid IS NOT NULL`, [actor.id, ids, digits]);
    const byId = new Map(hits.map((h) => [h.id, h]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async deals(actor: Actor, t: SearchTerms): Promise<DealHit[]> {
    const scope = dealScopeSql(actor, '$1', 'd', 's');
    const columns = `d.id, d.title, c.name AS "contactName", s.name AS "stageName", u.name AS "ownerName"`;
    const from = `deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN contacts c ON c.id = d.contact_id LEFT JOIN users u ON u.id = d.owner_id`;
    const starts = await this.tx.db().rows<DealHit>(
      `SELECT ${columns} FROM ${from}
       WHERE d.deleted_at IS NULL AND cb_fold(d.title) COLLATE "C" >= $2 AND cb_fold(d.title) COLLATE "C" < $4 AND ${scope}
       ORDER BY cb_fold(d.title) COLLATE "C", d.id LIMIT $3`,
      [actor.id, t.text, t.limit, t.text + TOP],
    );
    if (starts.length >= t.limit || t.text.length < 3) return starts;
    const more = await this.tx.db().rows<DealHit>(
      `SELECT ${columns} FROM ${from}
       WHERE d.deleted_at IS NULL AND cb_fold(d.title) LIKE $2 AND d.id <> ALL($4::uuid[]) AND ${scope}
       LIMIT $3`,
      [actor.id, `%${escapeLike(t.text)}%`, t.limit - starts.length, starts.map((r) => r.id)],
    );
    return [...starts, ...more];
  }
}
