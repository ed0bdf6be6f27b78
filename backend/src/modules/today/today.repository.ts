import { Injectable } from '@nestjs/common';
import type { DismissTodayItemRequest, TodayItem } from '@callboard/contracts';
import { dealScopeSql } from '../../common/access/deal-visibility';
import { Transactions, type Tx } from '../../common/database/transactions';

const DEAL = `d.id AS "dealId", d.title AS "dealTitle", d.amount::text AS amount, d.currency, c.name AS "contactName",
  (SELECT p.e164 FROM contact_phones p WHERE p.contact_id = d.contact_id ORDER BY p.sort_order, p.e164 LIMIT 1) AS "contactPhone"`;

/** The five parts of a Seller's day, each already in its order. */
@Injectable()
export class TodayRepository {
  constructor(private readonly tx: Transactions) {}

  async items(
    userId: string,
    now: Date,
    today: { start: Date; end: Date; date: string },
    yesterday: { start: Date; end: Date },
    tx?: Tx,
    role: 'head' | 'seller' = 'seller',
  ): Promise<TodayItem[]> {
    const db = this.tx.db(tx);
    const [unclaimed, leads, due, unanswered, overdue] = await Promise.all([
      this.unclaimedCallBacks(userId, role, tx),
      // New leads never contacted (docs/reports.md: no answered call, no visit), oldest first.
      db.rows(
        `SELECT 'new_lead' AS kind, ${DEAL}, NULL AS "taskId", NULL AS "taskTitle", NULL AS "dueAt", d.created_at AS at
         FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN contacts c ON c.id = d.contact_id
         WHERE d.owner_id = $1 AND d.deleted_at IS NULL AND d.status = 'open' AND s."group" IN ('inbox', 'active')
           AND d.first_contact_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.deal_id = d.id AND k.answered_at IS NOT NULL)
           AND ${notDismissed('new_lead')}
         ORDER BY d.created_at, d.id LIMIT 200`,
        [userId, today.date],
      ),
      // Tasks due today, the largest deals first.
      db.rows(
        `SELECT 'due_today' AS kind, ${DEAL}, t.id AS "taskId", t.title AS "taskTitle", t.due_at AS "dueAt", t.due_at AS at
         FROM tasks t LEFT JOIN deals d ON d.id = t.deal_id AND d.deleted_at IS NULL LEFT JOIN contacts c ON c.id = d.contact_id
         WHERE t.assignee_id = $1 AND t.status = 'open' AND t.due_at >= $2 AND t.due_at < $3
         ORDER BY d.amount DESC NULLS LAST, t.due_at, t.id LIMIT 200`,
        [userId, today.start, today.end],
      ),
      // Yesterday's unanswered outbound attempts, one line per deal (the latest attempt).
      db.rows(
        `SELECT * FROM (
           SELECT DISTINCT ON (d.id) 'unanswered_yesterday' AS kind, ${DEAL}, NULL AS "taskId", NULL AS "taskTitle", NULL AS "dueAt",
             COALESCE(k.offered_at, k.created_at) AS at
           FROM calls k JOIN deals d ON d.id = k.deal_id AND d.deleted_at IS NULL LEFT JOIN contacts c ON c.id = d.contact_id
           WHERE k.user_id = $1 AND k.direction = 'outbound' AND k.answered_at IS NULL
             AND COALESCE(k.offered_at, k.created_at) >= $2 AND COALESCE(k.offered_at, k.created_at) < $3
             AND d.owner_id = $1 AND d.status = 'open' AND ${notDismissed('unanswered_yesterday', '$4')}
           ORDER BY d.id, at DESC) x
         ORDER BY at LIMIT 200`,
        [userId, yesterday.start, yesterday.end, today.date],
      ),
      // Overdue: open tasks due before today, oldest first.
      db.rows(
        `SELECT 'overdue' AS kind, ${DEAL}, t.id AS "taskId", t.title AS "taskTitle", t.due_at AS "dueAt", t.due_at AS at
         FROM tasks t LEFT JOIN deals d ON d.id = t.deal_id AND d.deleted_at IS NULL LEFT JOIN contacts c ON c.id = d.contact_id
         WHERE t.assignee_id = $1 AND t.status = 'open' AND t.due_at < $2
         ORDER BY t.due_at, t.id LIMIT 200`,
        [userId, today.start],
      ),
    ]);
    void now;
    return [...unclaimed, ...leads, ...due, ...unanswered, ...overdue].map(iso) as TodayItem[];
  }

  /**
   * Takes a new lead or an unanswered attempt off the user's list for `day`; false when the deal
   * is not one the user may see (the one deal visibility rule).
   */
  async dismiss(userId: string, role: 'head' | 'seller', input: DismissTodayItemRequest, day: string): Promise<boolean> {
    const rows = await this.tx.db().rows(
      `INSERT INTO today_dismissals (user_id, deal_id, kind, day)
       SELECT $1, d.id, $3, $4::date FROM deals d JOIN stages s ON s.id = d.stage_id
       WHERE d.id = $2 AND ${dealScopeSql({ role }, '$1')}
       ON CONFLICT DO NOTHING RETURNING deal_id`,
      [userId, input.dealId, input.kind, day],
    );
    if (rows.length) return true;
    return (await this.tx.db().rows(`SELECT 1 FROM today_dismissals WHERE user_id = $1 AND deal_id = $2 AND kind = $3 AND day = $4::date`, [userId, input.dealId, input.kind, day])).length > 0;
  }

  /**
   * The calls `userId` owes a wrap-up for, oldest first: on the list whatever day the call was,
   * until saved or dismissed (the Today list only, not the digest mail).
   */
  wrapUps(userId: string, tx?: Tx): Promise<TodayItem[]> {
    return this.tx
      .db(tx)
      .rows(
        `SELECT 'wrap_up' AS kind, w.id AS "wrapUpId", d.id AS "dealId", d.title AS "dealTitle", d.amount::text AS amount, d.currency,
                c.name AS "contactName",
                CASE WHEN k.direction = 'outbound' THEN COALESCE(k.to_number, k.to_raw) ELSE COALESCE(k.from_number, k.from_raw) END AS "contactPhone",
                NULL AS "taskId", NULL AS "taskTitle", NULL AS "dueAt", COALESCE(k.ended_at, w.created_at) AS at
         FROM call_wrap_ups w JOIN calls k ON k.id = w.call_id
           LEFT JOIN deals d ON d.id = w.deal_id AND d.deleted_at IS NULL LEFT JOIN contacts c ON c.id = k.contact_id
         WHERE w.user_id = $1 AND w.status = 'pending'
         ORDER BY w.created_at, w.id LIMIT 200`,
        [userId],
      )
      .then((rows) => rows.map(iso) as TodayItem[]);
  }

  /** The unclaimed call-backs `userId` sees (see `unclaimedSql`). */
  unclaimedCallBacks(userId: string, role: 'head' | 'seller', tx?: Tx): Promise<TodayItem[]> {
    return this.tx
      .db(tx)
      .rows(unclaimedSql(role), [userId])
      .then((rows) => rows.map(iso) as TodayItem[]);
  }
}

/**
 * Missed calls' call-backs nobody has claimed, on deals the user may see: for a Seller, the
 * unowned inbox deals (every Seller sees the same ones) and their own deals; for a Head, all.
 * Oldest miss first. The deal predicate is the one deal visibility (common/access/deal-visibility).
 */
function unclaimedSql(role: 'head' | 'seller'): string {
  return `SELECT 'unclaimed_call_back' AS kind, ${DEAL}, t.id AS "taskId", t.title AS "taskTitle", t.due_at AS "dueAt", t.created_at AS at
    FROM tasks t JOIN deals d ON d.id = t.deal_id AND d.deleted_at IS NULL JOIN stages s ON s.id = d.stage_id
      LEFT JOIN contacts c ON c.id = d.contact_id
    WHERE t.assignee_id IS NULL AND t.status = 'open' AND t.type = 'call_back' AND t.call_id IS NOT NULL
      AND d.status = 'open' AND ${dealScopeSql({ role }, '$1')}
    ORDER BY t.created_at, t.id LIMIT 200`;
}

/** The row's deal was not dismissed by the user ($1) for today (`dayParam`). */
function notDismissed(kind: DismissTodayItemRequest['kind'], dayParam = '$2'): string {
  return `NOT EXISTS (SELECT 1 FROM today_dismissals x WHERE x.user_id = $1 AND x.deal_id = d.id AND x.kind = '${kind}' AND x.day = ${dayParam}::date)`;
}

function iso(row: Record<string, any>): Record<string, any> {
  for (const key of ['dueAt', 'at']) if (row[key] instanceof Date) row[key] = row[key].toISOString();
  return row;
}
