import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '../../common/database/transactions';

/** An event accepted by the engine and not handled yet. */
export interface OutboxRow {
  id: string;
  event: string;
  dealId: string | null;
  payload: Record<string, any>;
  chain: string[];
  attempts: number;
  /** Claimed rows only: a later row of the same deal waits behind this one (taken by a next group). */
  more?: boolean;
}

export type NewOutboxRow = Pick<OutboxRow, 'event' | 'dealId' | 'payload' | 'chain'>;

/** Inserts rows in the given order (ids, and so each deal's order, follow it); parameters $n..$n+3 from outboxParams. */
export const outboxInsert = (n: number) => `INSERT INTO automation_outbox (event, deal_id, payload, chain)
  SELECT r.e, r.d, r.p, ARRAY(SELECT jsonb_array_elements_text(r.c))::uuid[]
  FROM unnest($${n}::text[], $${n + 1}::uuid[], $${n + 2}::jsonb[], $${n + 3}::jsonb[]) WITH ORDINALITY AS r(e, d, p, c, o) ORDER BY r.o`;

export function outboxParams(rows: NewOutboxRow[]): unknown[] {
  return [rows.map((r) => r.event), rows.map((r) => r.dealId), rows.map((r) => JSON.stringify(r.payload)), rows.map((r) => JSON.stringify(r.chain))];
}

const COLUMNS = `o.id::text AS id, o.event, o.deal_id AS "dealId", o.payload, o.chain::text[] AS chain, o.attempts`;

/** The durable event queue: rows written before an event is acknowledged, deleted by the transaction that handles them. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly tx: Transactions) {}

  /** Returns the new rows' ids, in order. */
  async insert(rows: NewOutboxRow[], tx?: Tx): Promise<string[]> {
    if (!rows.length) return [];
    const ids = await this.tx.db(tx).rows<{ id: string }>(`${outboxInsert(1)} RETURNING id::text AS id`, outboxParams(rows));
    return ids.map((r) => r.id);
  }

  /** These rows, locked (rows this transaction wrote: a rehearsal runs them through the rules at once). */
  claimByIds(ids: string[], tx: Tx): Promise<OutboxRow[]> {
    return this.tx.db(tx).rows<OutboxRow>(`SELECT ${COLUMNS} FROM automation_outbox o WHERE o.id = ANY($1::bigint[]) ORDER BY o.id FOR UPDATE`, [ids]);
  }

  /**
   * Up to `limit` rows, oldest first, locked for this transaction (other workers skip them). A
   * row is taken only when no earlier row of its deal is left, so a deal's events are handled
   * one after another, in order, whichever worker or instance takes them.
   */
  claim(limit: number, tx: Tx): Promise<OutboxRow[]> {
    return this.tx.db(tx).rows<OutboxRow>(
      `SELECT ${COLUMNS},
         EXISTS (SELECT 1 FROM automation_outbox q WHERE q.deal_id = o.deal_id AND q.id > o.id) AS more
       FROM automation_outbox o
       WHERE NOT EXISTS (SELECT 1 FROM automation_outbox p WHERE p.deal_id = o.deal_id AND p.id < o.id)
       ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
      [limit],
    );
  }

  /** One row again (after its batch failed), unless another worker holds it or it is gone. */
  claimById(id: string, tx: Tx): Promise<OutboxRow | null> {
    return this.tx.db(tx).one<OutboxRow>(`SELECT ${COLUMNS} FROM automation_outbox o WHERE o.id = $1 FOR UPDATE SKIP LOCKED`, [id]);
  }

  /** Counts a failed attempt at a row; returns how many there were. */
  failedAttempt(id: string): Promise<number> {
    return this.tx
      .db()
      .one<{ attempts: number }>(`UPDATE automation_outbox SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts`, [id])
      .then((r) => r?.attempts ?? 0);
  }

  async drop(id: string): Promise<void> {
    await this.tx.db().rows(`DELETE FROM automation_outbox WHERE id = $1`, [id]);
  }
}
