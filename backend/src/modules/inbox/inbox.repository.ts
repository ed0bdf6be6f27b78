import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '../../common/database/transactions';

/** What a merge moved from the inbox deal onto the kept one. */
export interface MovedRecords {
  calls: number;
  tasks: number;
  activities: number;
  offers: number;
  timelineEntries: number;
}

/**
 * Timeline entries that tell what happened with the customer (they follow the calls, tasks and
 * activities they describe); the deal's own history (created, moved, reassigned, edited, rules)
 * stays on the merged deal.
 */
const FOLLOWING_ENTRIES = ['call', 'note', 'task', 'offer', 'wrap_up', 'transferred'];

/**
 * The merge's one cross-module write (like the contact erasure's): the records hanging off a deal
 * move to another in one transaction, the caller holding both deals' row locks. The report
 * summaries' row triggers follow the moved calls and offers (ADR 0028).
 */
@Injectable()
export class InboxRepository {
  constructor(private readonly tx: Transactions) {}

  /** A call on the deal that is still ringing or talking (a merge or decline waits for its end). */
  async hasLiveCall(dealId: string, tx: Tx): Promise<boolean> {
    const row = await this.tx
      .db(tx)
      .one(`SELECT 1 FROM calls WHERE deal_id = $1 AND ended_at IS NULL AND outcome IN ('ringing', 'answered') AND offered_at > now() - interval '4 hours' LIMIT 1`, [dealId]);
    return row !== null;
  }

  async moveRecords(fromDealId: string, toDealId: string, tx: Tx): Promise<MovedRecords> {
    const db = this.tx.db(tx);
    const move = async (table: string, extra = '') =>
      (await db.rows<{ n: number }>(`WITH m AS (UPDATE ${table} SET deal_id = $2 WHERE deal_id = $1${extra} RETURNING 1) SELECT count(*)::int AS n FROM m`, [fromDealId, toDealId]))[0]!.n;
    const calls = await move('calls');
    const tasks = await move('tasks');
    const activities = await move('activities');
    const offers = await move('offers');
    await move('orders');
    await move('call_transfers');
    await move('call_wrap_ups');
    await move('notifications');
    const timelineEntries = (
      await db.rows<{ n: number }>(
        `WITH m AS (UPDATE deal_events SET deal_id = $2 WHERE deal_id = $1 AND type = ANY($3::text[]) RETURNING 1) SELECT count(*)::int AS n FROM m`,
        [fromDealId, toDealId, FOLLOWING_ENTRIES],
      )
    )[0]!.n;
    // "done for today" marks of the merged deal mean nothing on the kept one
    await db.rows(`DELETE FROM today_dismissals WHERE deal_id = $1`, [fromDealId]);
    return { calls, tasks, activities, offers, timelineEntries };
  }
}
