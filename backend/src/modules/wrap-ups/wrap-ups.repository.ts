import { Injectable } from '@nestjs/common';
import type { WrapUp, WrapUpListQuery, WrapUpOutcomesSettings, WrapUpStatus } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';
import type { OwedWrapUp } from './wrap-up-rules';
import { DEFAULT_WRAP_UP_SETTINGS, WRAP_UP_OUTCOMES_KEY } from './wrap-ups.types';

const COLUMNS = `w.id, w.call_id AS "callId", k.sip_call_id AS "sipCallId", w.user_id AS "userId", u.name AS "userName",
  k.direction, CASE WHEN k.direction = 'outbound' THEN COALESCE(k.to_number, k.to_raw) ELSE COALESCE(k.from_number, k.from_raw) END AS number,
  w.deal_id AS "dealId", d.title AS "dealTitle", k.contact_id AS "contactId", c.name AS "contactName",
  (k.answered_at IS NOT NULL) AS answered, k.duration_sec AS "durationSec", k.ended_at AS "endedAt",
  w.suggested_outcome AS "suggestedOutcome", w.status, w.outcome, w.note, w.task_id AS "taskId",
  w.completed_at AS "completedAt", w.created_at AS "createdAt"`;
const FROM = `call_wrap_ups w JOIN calls k ON k.id = w.call_id JOIN users u ON u.id = w.user_id
  LEFT JOIN deals d ON d.id = w.deal_id AND d.deleted_at IS NULL LEFT JOIN contacts c ON c.id = k.contact_id`;


@Injectable()
export class WrapUpsRepository {
  constructor(private readonly tx: Transactions) {}

  /**
   * The wrap-up a finished call owes (once per call). An end applied again with what really
   * happened (an answer that arrived after a miss) moves a still pending one to the right rep and
   * suggestion; a saved one is never touched. Returns the id, or null when nothing changed.
   */
  async owe(callId: string, dealId: string | null, owed: OwedWrapUp, tx: Tx): Promise<string | null> {
    const row = await this.tx.db(tx).one<{ id: string }>(
      `INSERT INTO call_wrap_ups (call_id, user_id, deal_id, suggested_outcome) VALUES ($1, $2, $3, $4)
       ON CONFLICT (call_id) DO UPDATE SET user_id = EXCLUDED.user_id, deal_id = EXCLUDED.deal_id,
         suggested_outcome = EXCLUDED.suggested_outcome, updated_at = now()
       WHERE call_wrap_ups.status = 'pending'
         AND (call_wrap_ups.user_id, call_wrap_ups.suggested_outcome) IS DISTINCT FROM (EXCLUDED.user_id, EXCLUDED.suggested_outcome)
       RETURNING id`,
      [callId, owed.userId, dealId, owed.suggestedOutcome],
    );
    return row?.id ?? null;
  }

  /** A call transferred on: its pending wrap-up goes (the target owes one on the new call). */
  async dropPendingOfCall(callId: string, tx: Tx): Promise<{ id: string; userId: string; sipCallId: string } | null> {
    return this.tx.db(tx).one(
      `DELETE FROM call_wrap_ups w USING calls k WHERE w.call_id = $1 AND w.status = 'pending' AND k.id = w.call_id
       RETURNING w.id, w.user_id AS "userId", k.sip_call_id AS "sipCallId"`,
      [callId],
    );
  }

  async find(id: string, tx?: Tx): Promise<WrapUp | null> {
    return this.tx
      .db(tx)
      .one<WrapUp>(`SELECT ${COLUMNS} FROM ${FROM} WHERE w.id = $1`, [id])
      .then((r) => r && iso(r));
  }

  /** Locks the wrap-up's call row, then the wrap-up (the calls path's order: call first). */
  async lock(id: string, tx: Tx): Promise<WrapUp | null> {
    const row = await this.tx.db(tx).one<{ callId: string }>(`SELECT call_id AS "callId" FROM call_wrap_ups WHERE id = $1`, [id]);
    if (!row) return null;
    await this.tx.db(tx).rows(`SELECT 1 FROM calls WHERE id = $1 FOR UPDATE`, [row.callId]);
    await this.tx.db(tx).rows(`SELECT 1 FROM call_wrap_ups WHERE id = $1 FOR UPDATE`, [id]);
    return this.find(id, tx);
  }

  async complete(
    id: string,
    done: { status: WrapUpStatus; outcome: string | null; note: string | null; taskId: string | null; by: string; at: Date },
    tx: Tx,
  ): Promise<void> {
    await this.tx.db(tx).rows(
      `UPDATE call_wrap_ups SET status = $2, outcome = $3, note = $4, task_id = $5, completed_by = $6, completed_at = $7, updated_at = now() WHERE id = $1`,
      [id, done.status, done.outcome, done.note, done.taskId, done.by, done.at],
    );
  }

  list(userId: string | null, q: WrapUpListQuery): Promise<WrapUp[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (userId) where.push(`w.user_id = ${p(userId)}`);
    if (q.status !== 'all') where.push(`w.status = ${p(q.status)}`);
    if (q.dealId) where.push(`w.deal_id = ${p(q.dealId)}`);
    return this.tx
      .db()
      .rows<WrapUp>(
        `SELECT ${COLUMNS} FROM ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY w.created_at DESC, w.id LIMIT ${p(q.limit)}`,
        params,
      )
      .then((rows) => rows.map(iso));
  }

  async outcomes(tx?: Tx): Promise<WrapUpOutcomesSettings> {
    const row = await this.tx.db(tx).one<{ value: WrapUpOutcomesSettings }>(`SELECT value FROM settings WHERE key = $1`, [WRAP_UP_OUTCOMES_KEY]);
    return row?.value ?? DEFAULT_WRAP_UP_SETTINGS;
  }

  async saveOutcomes(value: WrapUpOutcomesSettings): Promise<void> {
    await this.tx.db().rows(
      `INSERT INTO settings (key, value) VALUES ($2, $1::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify(value), WRAP_UP_OUTCOMES_KEY],
    );
  }
}

function iso<T extends Record<string, any>>(row: T): T {
  for (const key of ['endedAt', 'completedAt', 'createdAt'] as const) {
    const v = (row as Record<string, unknown>)[key];
    if (v instanceof Date) (row as Record<string, unknown>)[key] = v.toISOString();
  }
  return row;
}
