import { Injectable } from '@nestjs/common';
import type { Contact } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { contactScopeSql } from '../../common/access/deal-visibility';
import { Transactions, type Tx } from '../../common/database/transactions';

const CONTACT_COLUMNS = `c.id, c.name, c.email, c.company, c.owner_id AS "ownerId",
  COALESCE((SELECT json_agg(json_build_object('e164', p.e164, 'label', p.label) ORDER BY p.sort_order, p.e164)
            FROM contact_phones p WHERE p.contact_id = c.id), '[]'::json) AS phones,
  c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

/** A contact as exported: the list's columns, its owner's name, times as Date. */
export type ContactExportRow = Omit<Contact, 'createdAt' | 'updatedAt'> & { ownerName: string | null; createdAt: Date; updatedAt: Date };

const EXPORT_COLUMNS = `${CONTACT_COLUMNS}, (SELECT u.name FROM users u WHERE u.id = c.owner_id) AS "ownerName"`;

/**
 * A Seller edits a contact they own, or the contact of a deal they own. Seeing it through an
 * unowned inbox deal is not enough: whoever takes the deal may edit it (taking gives them an
 * unowned contact). `$1` is the actor's id.
 */
const SELLER_EDITABLE = `(c.owner_id = $1 OR EXISTS (
  SELECT 1 FROM deals d WHERE d.contact_id = c.id AND d.deleted_at IS NULL AND d.owner_id = $1))`;

export interface ContactSearch {
  q?: string;
  /** Candidate E.164 numbers to match exactly. */
  phones: string[];
  /** Digits to match inside stored numbers. */
  digits?: string;
  limit: number;
}

@Injectable()
export class ContactsRepository {
  constructor(private readonly tx: Transactions) {}

  private scope(actor: Actor): { where: string; params: unknown[] } {
    return { where: contactScopeSql(actor, '$1', 'c'), params: [actor.id] };
  }

  async findVisible(actor: Actor, id: string, tx?: Tx): Promise<Contact | null> {
    const { where, params } = this.scope(actor);
    return this.tx
      .db(tx)
      .one<Contact>(`SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.id = $2 AND ${where}`, [...params, id])
      .then((row) => iso(row));
  }

  /** Whether a Seller may edit this contact (Heads may edit every contact). */
  async editableBy(actor: Actor, id: string, tx?: Tx): Promise<boolean> {
    if (actor.role === 'head') return true;
    const row = await this.tx
      .db(tx)
      .one<{ ok: boolean }>(`SELECT ${SELLER_EDITABLE} AS ok FROM contacts c WHERE c.id = $2`, [actor.id, id]);
    return row?.ok === true;
  }

  async search(actor: Actor, s: ContactSearch): Promise<Contact[]> {
    const { sql, params } = this.searchStatement(actor, s, CONTACT_COLUMNS, s.limit);
    const rows = await this.tx.db().rows(sql, params);
    return rows.map(iso) as Contact[];
  }

  /** Every contact the list would show with this search, newest first, through a cursor (exports). */
  exportRows(actor: Actor, s: Omit<ContactSearch, 'limit'>): AsyncIterable<ContactExportRow> {
    const { sql, params } = this.searchStatement(actor, s, EXPORT_COLUMNS, null);
    return this.tx.stream<ContactExportRow>(sql, params);
  }

  /** The contact list's one statement; a null limit is LIMIT ALL (the export). */
  private searchStatement(actor: Actor, s: Omit<ContactSearch, 'limit'>, columns: string, limit: number | null): { sql: string; params: unknown[] } {
    const { where, params } = this.scope(actor);
    const all = [...params, s.q ? `%${escapeLike(s.q)}%` : null, s.phones, s.digits ? `%${s.digits}%` : null, limit];
    const sql = `SELECT ${columns} FROM contacts c
       WHERE ${where}
         AND (($2::text IS NULL AND cardinality($3::text[]) = 0 AND $4::text IS NULL)
           OR c.name ILIKE $2 OR c.email ILIKE $2 OR c.company ILIKE $2
           OR EXISTS (SELECT 1 FROM contact_phones p WHERE p.contact_id = c.id
                      AND (p.e164 = ANY($3::text[]) OR p.e164 LIKE $4)))
       ORDER BY c.created_at DESC, c.id DESC
       LIMIT $5`;
    return { sql, params: all };
  }

  /** Contacts with this exact number, oldest first (the system's own lookup: no visibility). */
  findByPhone(e164: string, tx?: Tx): Promise<{ id: string; name: string; ownerId: string | null }[]> {
    return this.tx.db(tx).rows(
      `SELECT c.id, c.name, c.owner_id AS "ownerId" FROM contacts c
       JOIN contact_phones p ON p.contact_id = c.id WHERE p.e164 = $1 ORDER BY c.created_at, c.id`,
      [e164],
    );
  }

  async insert(
    input: { name: string; email: string | null; company: string | null; ownerId: string | null },
    tx?: Tx,
  ): Promise<string> {
    const row = await this.tx.db(tx).one<{ id: string }>(
      `INSERT INTO contacts (name, email, company, owner_id) VALUES ($1, $2, $3, $4) RETURNING id`,
      [input.name, input.email, input.company, input.ownerId],
    );
    return row!.id;
  }

  async update(
    id: string,
    patch: { name?: string; email?: string | null; company?: string | null; ownerId?: string | null },
    tx?: Tx,
  ): Promise<void> {
    const cols: Record<string, string> = { name: 'name', email: 'email', company: 'company', ownerId: 'owner_id' };
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      params.push(v);
      sets.push(`${cols[k]} = $${params.length}`);
    }
    await this.tx
      .db(tx)
      .rows(`UPDATE contacts SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, params);
  }

  /**
   * The contact of a number, or a new unowned one holding it, race-free: the phone row's unique
   * index decides. A transaction that loses the race waits for the winner's commit (ON CONFLICT),
   * drops its own new contact row and takes the winner's contact.
   */
  async findOrCreateByPhone(e164: string, name: string, tx: Tx): Promise<{ id: string; ownerId: string | null; created: boolean }> {
    const db = this.tx.db(tx);
    const [existing] = await this.findByPhone(e164, tx);
    if (existing) return { id: existing.id, ownerId: existing.ownerId, created: false };
    const made = await db.one<{ newId: string; claimed: string | null }>(
      `WITH c AS (INSERT INTO contacts (name, email, company, owner_id) VALUES ($2, NULL, NULL, NULL) RETURNING id),
            p AS (INSERT INTO contact_phones (contact_id, e164, label) SELECT id, $1, 'phone' FROM c
                  ON CONFLICT (e164) DO NOTHING RETURNING contact_id)
       SELECT (SELECT id FROM c) AS "newId", (SELECT contact_id FROM p) AS "claimed"`,
      [e164, name],
    );
    if (made!.claimed) return { id: made!.newId, ownerId: null, created: true };
    await db.rows(`DELETE FROM contacts WHERE id = $1`, [made!.newId]);
    const [winner] = await this.findByPhone(e164, tx);
    if (!winner) throw new Error(`contact phone ${e164}: claimed by another transaction but not found`);
    return { id: winner.id, ownerId: winner.ownerId, created: false };
  }

  /**
   * A web-form lead's contact (issue 17): the one with this number, else the oldest with this email
   * (lower-cased), else a new one. Empty email and company are filled from the form; nothing that is
   * set is overwritten. Under a transaction-scoped advisory lock on the email, so two posts of one
   * new email make one contact (the number has its unique index).
   */
  async findOrCreateForLead(
    lead: { e164: string | null; email: string | null; name: string; company: string | null },
    tx: Tx,
  ): Promise<{ id: string; ownerId: string | null; created: boolean }> {
    const db = this.tx.db(tx);
    if (lead.email) await db.rows(`SELECT pg_advisory_xact_lock(hashtext('contact-email:' || $1))`, [lead.email]);
    let found: { id: string; ownerId: string | null; created: boolean } | null = null;
    if (lead.e164) found = await this.findOrCreateByPhone(lead.e164, lead.name, tx);
    else if (lead.email) {
      const row = await db.one<{ id: string; ownerId: string | null }>(
        `SELECT id, owner_id AS "ownerId" FROM contacts WHERE lower(email) = $1 ORDER BY created_at, id LIMIT 1`,
        [lead.email],
      );
      found = row ? { ...row, created: false } : { id: await this.insert({ name: lead.name, email: lead.email, company: lead.company, ownerId: null }, tx), ownerId: null, created: true };
    }
    if (!found) throw new Error('findOrCreateForLead: a lead needs a phone or an email');
    await db.rows(
      `UPDATE contacts SET email = COALESCE(email, $2), company = COALESCE(company, $3), updated_at = now()
       WHERE id = $1 AND ((email IS NULL AND $2::text IS NOT NULL) OR (company IS NULL AND $3::text IS NOT NULL))`,
      [found.id, lead.email, lead.company],
    );
    return found;
  }

  /** Which of these numbers already belong to another contact. */
  async phonesTakenByOthers(contactId: string | null, e164s: string[], tx?: Tx): Promise<string[]> {
    if (!e164s.length) return [];
    const rows = await this.tx
      .db(tx)
      .rows<{ e164: string }>(`SELECT e164 FROM contact_phones WHERE e164 = ANY($1::text[]) AND ($2::uuid IS NULL OR contact_id <> $2)`, [e164s, contactId]);
    return rows.map((r) => r.e164);
  }

  async replacePhones(contactId: string, phones: { e164: string; label: string }[], tx: Tx): Promise<void> {
    const db = this.tx.db(tx);
    await db.rows(`DELETE FROM contact_phones WHERE contact_id = $1`, [contactId]);
    if (!phones.length) return;
    await db.rows(
      `INSERT INTO contact_phones (contact_id, e164, label, sort_order)
       SELECT $1, p.e164, p.label, p.ord FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS p(e164, label, ord)
       ON CONFLICT (contact_id, e164) DO NOTHING`,
      [contactId, phones.map((p) => p.e164), phones.map((p) => p.label)],
    );
  }

  /** Gives an unowned contact to a user (when they take one of its deals). */
  async claimIfUnowned(contactId: string, ownerId: string, tx?: Tx): Promise<void> {
    await this.tx
      .db(tx)
      .rows(`UPDATE contacts SET owner_id = $2, updated_at = now() WHERE id = $1 AND owner_id IS NULL`, [contactId, ownerId]);
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

function iso<T extends Record<string, any> | null>(row: T): T {
  if (!row) return row;
  for (const key of ['createdAt', 'updatedAt']) {
    if (row[key] instanceof Date) (row as any)[key] = row[key].toISOString();
  }
  return row;
}
