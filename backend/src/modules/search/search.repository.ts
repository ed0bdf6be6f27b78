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
    // A name that starts with the text, then one whose second or third word does ("toth" finds
    // "Eszter Tóth"): each an ordered btree range that stops at the limit (migration 155).
    const words = ['cb_fold(c.name)', 'cb_tail(c.name, 2)', 'cb_tail(c.name, 3)'].map(
      (key, rank) => `(SELECT ${rank} AS rank, ${columns} FROM contacts c
        WHERE ${key} COLLATE "C" >= $2 AND ${key} COLLATE "C" < $5 AND ${scope}
        ORDER BY ${key} COLLATE "C", c.id LIMIT $4)`,
    );
    const byWord = await this.tx.db().rows<ContactHit & { rank: number }>(
      words.join(' UNION ALL '),
      [actor.id, t.text, digits, t.limit, t.text + TOP],
    );
    const starts: ContactHit[] = [];
    const taken = new Set<string>();
    // by rank, keeping each branch's own order (a stable sort; the branches may arrive interleaved)
    for (const { rank: _rank, ...hit } of byWord.sort((a, b) => a.rank - b.rank)) {
      if (starts.length < t.limit && !taken.has(hit.id) && taken.add(hit.id)) starts.push(hit);
    }
    if (starts.length >= t.limit || (!inside && !digits)) return starts;
    // Each kind of match on its own index, streamed (UNION ALL, a nested loop into contacts): the
    // visible ones are taken until the limit, never every match of a common word or number sorted.
    const branches = [
      `SELECT p.contact_id AS id FROM contact_phones p WHERE $3::text IS NOT NULL AND p.e164 LIKE $3`,
      `SELECT x.id FROM contacts x WHERE $2::text IS NOT NULL AND cb_fold(x.name) LIKE $2`,
      `SELECT x.id FROM contacts x WHERE $2::text IS NOT NULL AND x.company IS NOT NULL AND cb_fold(x.company) LIKE $2`,
      `SELECT x.id FROM contacts x WHERE $2::text IS NOT NULL AND x.email IS NOT NULL AND lower(x.email) LIKE $2`,
    ];
    const found = await this.tx.db().rows<ContactHit>(
      `SELECT c.* FROM (${branches.join(' UNION ALL ')}) m
       CROSS JOIN LATERAL (SELECT ${columns} FROM contacts c WHERE c.id = m.id AND c.id <> ALL($5::uuid[]) AND ${scope}) c
       LIMIT $4`,
      [actor.id, inside, digits, (t.limit - starts.length) * 3, starts.map((r) => r.id)],
    );
    const seen = new Set(starts.map((r) => r.id));
    const more = found.filter((r) => !seen.has(r.id) && seen.add(r.id)).slice(0, t.limit - starts.length);
    return [...starts, ...more];
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
