import { Injectable } from '@nestjs/common';
import type { Offer, OfferItemInput } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { Transactions, type Tx } from '../../common/database/transactions';
import { dealVisible } from '../../common/access/deal-visibility';

const COLUMNS = `o.id, o.number, o.version, o.deal_id AS "dealId", o.contact_id AS "contactId",
  o.source_activity_id AS "sourceActivityId", o.source_call_id AS "sourceCallId", o.currency, o.status,
  o.reject_reason AS "rejectReason", o.status_note AS "statusNote", o.supersedes_id AS "supersedesId",
  (SELECT n.id FROM offers n WHERE n.supersedes_id = o.id) AS "supersededById", o.total::text AS total,
  COALESCE((SELECT json_agg(json_build_object('position', i.position, 'product', i.product, 'quantity', i.quantity::text,
     'unitPrice', i.unit_price::text, 'discountPercent', i.discount_pct::text, 'lineTotal', i.line_total::text) ORDER BY i.position)
   FROM offer_items i WHERE i.offer_id = o.id), '[]'::json) AS items,
  (SELECT r.id FROM orders r WHERE r.offer_id = o.id) AS "orderId",
  o.created_by AS "createdBy", o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

@Injectable()
export class OffersRepository {
  constructor(private readonly tx: Transactions) {}

  async findVisible(actor: Actor, id: string, tx?: Tx, lock = false): Promise<Offer | null> {
    const row = await this.tx
      .db(tx)
      .one<Offer>(`SELECT ${COLUMNS} FROM offers o JOIN deals d ON d.id = o.deal_id WHERE o.id = $2 AND ${dealVisible(actor)}${lock ? ' FOR UPDATE OF o' : ''}`, [
        actor.id,
        id,
      ]);
    return row && iso(row);
  }

  list(actor: Actor, q: { dealId?: string; status?: string; limit: number }): Promise<Offer[]> {
    return this.tx
      .db()
      .rows<Offer>(
        `SELECT ${COLUMNS} FROM offers o JOIN deals d ON d.id = o.deal_id
         WHERE ${dealVisible(actor)} AND ($2::uuid IS NULL OR o.deal_id = $2) AND ($3::text IS NULL OR o.status = $3)
         ORDER BY o.created_at DESC, o.id DESC LIMIT $4`,
        [actor.id, q.dealId ?? null, q.status ?? null, q.limit],
      )
      .then((r) => r.map(iso));
  }

  async insert(
    o: { number: string; version: number; dealId: string; contactId: string | null; sourceActivityId: string | null; sourceCallId: string | null; currency: string; supersedesId: string | null; createdBy: string },
    tx: Tx,
  ): Promise<string> {
    const row = await this.tx.db(tx).one<{ id: string }>(
      `INSERT INTO offers (number, version, deal_id, contact_id, source_activity_id, source_call_id, currency, supersedes_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [o.number, o.version, o.dealId, o.contactId, o.sourceActivityId, o.sourceCallId, o.currency, o.supersedesId, o.createdBy],
    );
    return row!.id;
  }

  /** Replaces the items; PostgreSQL computes every line and the total in numeric, never in floats. */
  async setItems(offerId: string, items: OfferItemInput[], tx: Tx): Promise<void> {
    const db = this.tx.db(tx);
    await db.rows(`DELETE FROM offer_items WHERE offer_id = $1`, [offerId]);
    await db.rows(
      `INSERT INTO offer_items (offer_id, position, product, quantity, unit_price, discount_pct, line_total)
       SELECT $1, i.ord, i.product, i.q::numeric, i.p::numeric, i.d::numeric,
              round(i.q::numeric * i.p::numeric * (100 - i.d::numeric) / 100, 2)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS i(product, q, p, d, ord)`,
      [offerId, items.map((i) => i.product), items.map((i) => i.quantity), items.map((i) => i.unitPrice), items.map((i) => i.discountPercent)],
    );
    await db.rows(
      `UPDATE offers SET total = (SELECT COALESCE(sum(line_total), 0) FROM offer_items WHERE offer_id = $1), updated_at = now() WHERE id = $1`,
      [offerId],
    );
  }

  async copyItems(fromId: string, toId: string, tx: Tx): Promise<void> {
    const db = this.tx.db(tx);
    await db.rows(
      `INSERT INTO offer_items (offer_id, position, product, quantity, unit_price, discount_pct, line_total)
       SELECT $2, position, product, quantity, unit_price, discount_pct, line_total FROM offer_items WHERE offer_id = $1`,
      [fromId, toId],
    );
    await db.rows(`UPDATE offers SET total = (SELECT total FROM offers WHERE id = $1) WHERE id = $2`, [fromId, toId]);
  }

  async setCurrency(id: string, currency: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`UPDATE offers SET currency = $2, updated_at = now() WHERE id = $1`, [id, currency]);
  }

  async setStatus(id: string, status: string, rejectReason: string | null, note: string | null, tx: Tx): Promise<void> {
    await this.tx
      .db(tx)
      .rows(`UPDATE offers SET status = $2, reject_reason = $3, status_note = COALESCE($4, status_note), updated_at = now() WHERE id = $1`, [
        id,
        status,
        rejectReason,
        note,
      ]);
  }

  /** Whether the activity or call belongs to the deal (an offer links only to its own deal's history). */
  async belongsToDeal(table: 'activities' | 'calls', id: string, dealId: string): Promise<boolean> {
    return Boolean(await this.tx.db().one(`SELECT 1 FROM ${table} WHERE id = $1 AND deal_id = $2`, [id, dealId]));
  }
}

function iso(row: Offer): Offer {
  const r = row as Record<string, unknown>;
  for (const key of ['createdAt', 'updatedAt']) if (r[key] instanceof Date) r[key] = (r[key] as Date).toISOString();
  return row;
}
