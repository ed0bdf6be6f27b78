import { Injectable } from '@nestjs/common';
import type { Call, CallExportQuery, CallListQuery } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { contactScopeSql, dealVisibleSql } from '../../common/access/deal-visibility';
import { Transactions, type Tx } from '../../common/database/transactions';
import type { CallState } from './call-facts';

/** A call row as the event handler needs it (times as Date). */
export interface CallRecord extends CallState {
  id: string;
  sipCallId: string;
}

const RECORD_COLUMNS = `id, sip_call_id AS "sipCallId", direction, from_raw AS "fromRaw", from_number AS "fromNumber",
  from_name AS "fromName", to_raw AS "toRaw", to_number AS "toNumber", extension, user_id AS "userId",
  contact_id AS "contactId", deal_id AS "dealId", offered_at AS "offeredAt", answered_at AS "answeredAt",
  ended_at AS "endedAt", answered_by AS "answeredBy", answered_extension AS "answeredExtension", outcome,
  missed_reason AS "missedReason", hangup_by AS "hangupBy", end_reason AS "endReason", duration_sec AS "durationSec",
  rang_user_ids AS "rangUserIds", deal_created AS "dealCreated", answer_applied AS "answerApplied",
  miss_applied AS "missApplied", end_applied AS "endApplied"`;

const COLUMN_OF: Record<string, string> = {
  direction: 'direction',
  fromRaw: 'from_raw',
  fromNumber: 'from_number',
  fromName: 'from_name',
  toRaw: 'to_raw',
  toNumber: 'to_number',
  extension: 'extension',
  userId: 'user_id',
  contactId: 'contact_id',
  dealId: 'deal_id',
  offeredAt: 'offered_at',
  answeredAt: 'answered_at',
  endedAt: 'ended_at',
  answeredBy: 'answered_by',
  answeredExtension: 'answered_extension',
  outcome: 'outcome',
  missedReason: 'missed_reason',
  hangupBy: 'hangup_by',
  endReason: 'end_reason',
  durationSec: 'duration_sec',
  rangUserIds: 'rang_user_ids',
  dealCreated: 'deal_created',
  answerApplied: 'answer_applied',
  missApplied: 'miss_applied',
  endApplied: 'end_applied',
};

/**
 * Call history. A Head sees every call. A Seller sees the calls on deals they may see
 * (DealVisibility) and the calls they handled themselves: answered by them, or placed by them
 * (outbound); nothing else (not a call that only rang them and went to someone else's deal).
 * On a handled call whose deal they may not see, the deal is not named. The history's one
 * statement: a page after `after`, or every call (a null limit is LIMIT ALL: the export).
 */
function listStatement(actor: Actor, q: CallExportQuery, after: string | null, limit: number | null): { sql: string; params: unknown[] } {
  const seller = actor.role !== 'head';
  const dealVisible = `EXISTS (SELECT 1 FROM deals vd JOIN stages vs ON vs.id = vd.stage_id
    WHERE vd.id = c.deal_id AND ${dealVisibleSql('$2', 'vd', 'vs')})`;
  const handled = `(c.answered_by = $2 OR (c.direction = 'outbound' AND c.user_id = $2))`;
  // newest first; a page continues after its last call (keyset on the same order)
  const sortKey = (alias: string) => `COALESCE(${alias}.offered_at, '-infinity'::timestamptz), ${alias}.id`;
  const userId = seller ? (q.userId === actor.id ? actor.id : null) : (q.userId ?? null);
  const sql = `SELECT c.id, c.sip_call_id AS "sipCallId", c.direction, c.from_number AS "fromNumber", c.from_raw AS "fromRaw",
       c.from_name AS "fromName", c.to_number AS "toNumber", c.to_raw AS "toRaw", c.user_id AS "userId",
       c.contact_id AS "contactId", CASE WHEN ${contactScopeSql(actor, '$2', 'ct')} THEN ct.name END AS "contactName", x.deal_id AS "dealId", x.deal_title AS "dealTitle", c.offered_at AS "offeredAt",
       c.answered_at AS "answeredAt", c.ended_at AS "endedAt", c.answered_by AS "answeredBy",
       u.name AS "answeredByName", ru.name AS "userName", c.outcome, c.missed_reason AS "missedReason", c.hangup_by AS "hangupBy",
       c.duration_sec AS "durationSec"
     FROM calls c LEFT JOIN deals d ON d.id = c.deal_id LEFT JOIN users u ON u.id = c.answered_by
     LEFT JOIN users ru ON ru.id = c.user_id LEFT JOIN contacts ct ON ct.id = c.contact_id
     CROSS JOIN LATERAL (SELECT ($1::boolean = false OR ${dealVisible}) AS sees_deal) v
     CROSS JOIN LATERAL (SELECT CASE WHEN v.sees_deal THEN c.deal_id END AS deal_id,
                                CASE WHEN v.sees_deal THEN d.title END AS deal_title) x
     WHERE c.direction IS NOT NULL
       AND ($1::boolean = false OR v.sees_deal OR ${handled})
       AND ($3::text = 'all' OR ($3 = 'missed' AND c.outcome = 'missed') OR c.direction = $3)
       AND ($4::uuid IS NULL OR c.deal_id = $4)
       AND ($5::uuid IS NULL OR c.user_id = $5 OR c.answered_by = $5)
       AND ($7::uuid IS NULL OR c.contact_id = $7)
       AND ($8::uuid IS NULL OR (${sortKey('c')}) < (SELECT ${sortKey('a')} FROM calls a WHERE a.id = $8))
     ORDER BY COALESCE(c.offered_at, '-infinity'::timestamptz) DESC, c.id DESC LIMIT $6`;
  return { sql, params: [seller, actor.id, q.kind, q.dealId ?? null, userId, limit, q.contactId ?? null, after] };
}

/** A call as exported: the history's columns, times as Date. */
export type CallExportRow = Omit<Call, 'offeredAt' | 'answeredAt' | 'endedAt'> & { offeredAt: Date | null; answeredAt: Date | null; endedAt: Date | null };

@Injectable()
export class CallsRepository {
  constructor(private readonly tx: Transactions) {}

  /**
   * The call's row, created if this is the first event of the call, and locked until the
   * transaction ends: concurrent deliveries of the same call's events apply one at a time.
   */
  async lockOrCreate(sipCallId: string, tx: Tx, likelyNew = false): Promise<CallRecord> {
    const db = this.tx.db(tx);
    // A known call (every event after the first): one statement. A new one (`likelyNew`: its first
    // event is `offered`): the insert first, which returns the row locked as ours. If the row exists
    // (or another transaction inserted it meanwhile), the lock is taken, waiting for theirs.
    const lock = () => db.one<CallRecord>(`SELECT ${RECORD_COLUMNS} FROM calls WHERE sip_call_id = $1 FOR UPDATE`, [sipCallId]);
    const create = () =>
      db.one<CallRecord>(`INSERT INTO calls (sip_call_id) VALUES ($1) ON CONFLICT (sip_call_id) DO NOTHING RETURNING ${RECORD_COLUMNS}`, [sipCallId]);
    if (likelyNew) return (await create()) ?? (await lock())!;
    return (await lock()) ?? (await create()) ?? (await lock())!;
  }

  /** The call's row without locking it (for requests about a live call). */
  findBySipCallId(sipCallId: string, tx?: Tx): Promise<CallRecord | null> {
    return this.tx.db(tx).one<CallRecord>(`SELECT ${RECORD_COLUMNS} FROM calls WHERE sip_call_id = $1`, [sipCallId]);
  }

  async save(id: string, changes: Partial<CallRecord>, tx: Tx): Promise<void> {
    const sets: string[] = ['updated_at = now()'];
    const params: unknown[] = [id];
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || !COLUMN_OF[key]) continue;
      params.push(value);
      sets.push(`${COLUMN_OF[key]} = $${params.length}`);
    }
    await this.tx.db(tx).rows(`UPDATE calls SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async list(actor: Actor, q: CallListQuery): Promise<Call[]> {
    const { sql, params } = listStatement(actor, q, q.after ?? null, q.limit);
    const rows = await this.tx.db().rows<any>(sql, params);
    return rows.map((r) => {
      for (const k of ['offeredAt', 'answeredAt', 'endedAt']) if (r[k] instanceof Date) r[k] = r[k].toISOString();
      return r as Call;
    });
  }

  /** Every call the history would page through with these filters, newest first, through a cursor (exports). */
  exportRows(actor: Actor, q: CallExportQuery): AsyncIterable<CallExportRow> {
    const { sql, params } = listStatement(actor, q, null, null);
    return this.tx.stream<CallExportRow>(sql, params);
  }
}
