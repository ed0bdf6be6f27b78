import { Injectable } from '@nestjs/common';
import type { Order, SalesProfile } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { dealVisible } from '../../common/access/deal-visibility';
import { Transactions, type Tx } from '../../common/database/transactions';

const COLUMNS = `o.id, o.number, o.offer_id AS "offerId", o.deal_id AS "dealId", o.contact_id AS "contactId", o.currency,
  o.total::text AS total, o.status, o.paid_at AS "paidAt", o.created_at AS "createdAt"`;

@Injectable()
export class OrdersRepository {
  constructor(private readonly tx: Transactions) {}

  /** The next number of a kind in a year, without gaps: the counter row stays locked until commit. */
  async nextNumber(kind: 'offer' | 'order', year: number, tx: Tx): Promise<number> {
    const row = await this.tx.db(tx).one<{ last: number }>(
      `INSERT INTO document_counters (kind, year, last) VALUES ($1, $2, 1)
       ON CONFLICT (kind, year) DO UPDATE SET last = document_counters.last + 1 RETURNING last`,
      [kind, year],
    );
    return row!.last;
  }

  async insertFromOffer(offerId: string, number: string, tx: Tx): Promise<string> {
    const row = await this.tx.db(tx).one<{ id: string }>(
      `INSERT INTO orders (number, offer_id, deal_id, contact_id, currency, total)
       SELECT $2, o.id, o.deal_id, COALESCE(o.contact_id, d.contact_id), o.currency, o.total
       FROM offers o JOIN deals d ON d.id = o.deal_id WHERE o.id = $1 RETURNING id`,
      [offerId, number],
    );
    return row!.id;
  }

  async findVisible(actor: Actor, id: string, tx?: Tx, lock = false): Promise<Order | null> {
    const row = await this.tx
      .db(tx)
      .one<Order>(`SELECT ${COLUMNS} FROM orders o JOIN deals d ON d.id = o.deal_id WHERE o.id = $2 AND ${dealVisible(actor)}${lock ? ' FOR UPDATE OF o' : ''}`, [actor.id, id]);
    return row && iso(row);
  }

  list(actor: Actor, q: { dealId?: string; contactId?: string; limit: number }): Promise<Order[]> {
    return this.tx
      .db()
      .rows<Order>(
        `SELECT ${COLUMNS} FROM orders o JOIN deals d ON d.id = o.deal_id
         WHERE ${dealVisible(actor)} AND ($2::uuid IS NULL OR o.deal_id = $2) AND ($3::uuid IS NULL OR o.contact_id = $3)
         ORDER BY o.created_at DESC, o.id DESC LIMIT $4`,
        [actor.id, q.dealId ?? null, q.contactId ?? null, q.limit],
      )
      .then((r) => r.map(iso));
  }

  /** Paid; its contact becomes a customer (since the first payment). */
  async markPaid(id: string, at: Date, tx: Tx): Promise<void> {
    const db = this.tx.db(tx);
    const row = await db.one<{ contactId: string | null }>(
      `UPDATE orders SET status = 'paid', paid_at = $2 WHERE id = $1 RETURNING contact_id AS "contactId"`,
      [id, at],
    );
    if (row?.contactId) {
      await db.rows(`UPDATE contacts SET customer_since = COALESCE(customer_since, $2), updated_at = now() WHERE id = $1`, [row.contactId, at]);
    }
  }

  /** Class, consents and the customer tier, computed from paid orders as of `now`. */
  async profile(contactId: string, now: Date, timezone: string): Promise<SalesProfile | null> {
    const row = await this.tx.db().one<{
      importance: 'A' | 'B' | 'C' | null;
      email: boolean;
      phone: boolean;
      newsletter: boolean;
      customerSince: Date | null;
      paid: number;
      months: number;
    }>(
      `SELECT c.importance, c.consent_email AS email, c.consent_phone AS phone, c.consent_newsletter AS newsletter,
         c.customer_since AS "customerSince",
         (SELECT count(*) FROM orders o WHERE o.contact_id = c.id AND o.status = 'paid')::int AS paid,
         (SELECT count(DISTINCT date_trunc('month', o.paid_at AT TIME ZONE $3)) FROM orders o
           WHERE o.contact_id = c.id AND o.status = 'paid' AND o.paid_at <= $2
             AND o.paid_at >= (date_trunc('month', $2::timestamptz AT TIME ZONE $3) - interval '2 months') AT TIME ZONE $3)::int AS months
       FROM contacts c WHERE c.id = $1`,
      [contactId, now, timezone],
    );
    if (!row) return null;
    const tier = row.months >= 3 ? 'regular' : row.paid >= 2 ? 'returning' : row.paid === 1 ? 'one_time' : 'none';
    return {
      contactId,
      class: row.importance,
      consents: { email: row.email, phone: row.phone, newsletter: row.newsletter },
      customerSince: row.customerSince ? new Date(row.customerSince).toISOString() : null,
      paidOrders: row.paid,
      tier,
    };
  }

  async updateProfile(contactId: string, p: { class?: string | null; email?: boolean; phone?: boolean; newsletter?: boolean }): Promise<void> {
    await this.tx.db().rows(
      `UPDATE contacts SET importance = CASE WHEN $2 THEN $3 ELSE importance END,
         consent_email = COALESCE($4, consent_email), consent_phone = COALESCE($5, consent_phone),
         consent_newsletter = COALESCE($6, consent_newsletter), updated_at = now() WHERE id = $1`,
      [contactId, p.class !== undefined, p.class ?? null, p.email ?? null, p.phone ?? null, p.newsletter ?? null],
    );
  }
}

function iso(row: Order): Order {
  const r = row as Record<string, unknown>;
  for (const key of ['paidAt', 'createdAt']) if (r[key] instanceof Date) r[key] = (r[key] as Date).toISOString();
  return row;
}
