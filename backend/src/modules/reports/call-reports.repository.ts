import { Injectable } from '@nestjs/common';
import { contactScopeSql } from '../../common/access/deal-visibility';
import { Transactions } from '../../common/database/transactions';
import type { Period } from './deal-reports.repository';
import { narrowedRep, Params, type ReportScope } from './report-scope';
import type { BinCount } from './speed-bins';

/** When a call happened: offered, or created for a row whose offer never arrived. */
export const CALL_AT = `COALESCE(c.offered_at, c.created_at)`;
/** The leg a transfer placed: part of the caller's call, not a call of its own (docs/reports.md; kept by a trigger). */
export const TRANSFER_LEG = `c.transfer_leg`;
/** Who handled a call: whoever answered it, or who placed it. */
export const CALL_REP = `CASE WHEN c.direction = 'outbound' THEN c.user_id ELSE c.answered_by END`;

/**
 * The calls a report counts for a rep (`repParam`): the ones they answered or placed, and the
 * inbound calls missed while ringing them. For the whole team (null) every call.
 */
export function callScopeSql(repParam: string | null): string {
  if (!repParam) return 'true';
  return `(c.answered_by = ${repParam} OR (c.direction = 'outbound' AND c.user_id = ${repParam})
           OR (c.outcome = 'missed' AND (c.rang_user_ids @> ARRAY[${repParam}]::uuid[] OR c.user_id = ${repParam})))`;
}

/** Binds the rep a calls report is narrowed to; `none` (no owner) has no calls of its own. */
export function callRepParam(scope: ReportScope, p: Params): string | null {
  const rep = narrowedRep(scope);
  if (rep === null) return null;
  return p.add(rep === 'none' ? '00000000-0000-0000-0000-000000000000' : rep);
}

/**
 * One row of the calls scan: a day or week (`start`), a rep (`who`), a contact class
 * (`importance`), or the whole period (`part` = 'total').
 */
export interface CallScanRow {
  part: 'series' | 'rep' | 'class' | 'total';
  start: string | null;
  who: string | null;
  importance: string | null;
  inbound: number;
  answered: number;
  missed: number;
  outbound: number;
  outboundAnswered: number;
  talkSeconds: string;
  repAnswered: number;
  classCalls: number;
  classAnswered: number;
  classMissed: number;
}

@Injectable()
export class CallReportsRepository {
  constructor(private readonly tx: Transactions) {}

  /**
   * Every call of the period read once (the covering index calls_report_at_idx, or a rep's
   * three), folded four ways by GROUPING SETS: the series, per rep who handled them, per contact
   * class, and the totals. Callers' figures leave transfer legs out; a rep's answered calls keep them.
   */
  scan(scope: ReportScope, period: Period, bucket: 'day' | 'week') {
    const p = new Params();
    const rep = callRepParam(scope, p);
    const tz = p.add(period.timeZone);
    const caller = `k.direction = 'inbound' AND NOT k.leg`;
    return this.tx.db().rows<CallScanRow>(
      `SELECT CASE WHEN grouping(k.start, k.who, k.importance) = 7 THEN 'total' WHEN grouping(k.start) = 0 THEN 'series'
                   WHEN grouping(k.who) = 0 THEN 'rep' ELSE 'class' END AS part,
              k.start, k.who, k.importance,
              count(*) FILTER (WHERE ${caller})::int AS inbound,
              count(*) FILTER (WHERE ${caller} AND k.answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE ${caller} AND k.outcome = 'missed')::int AS missed,
              count(*) FILTER (WHERE k.direction = 'outbound')::int AS outbound,
              count(*) FILTER (WHERE k.direction = 'outbound' AND k.answered_at IS NOT NULL)::int AS "outboundAnswered",
              COALESCE(sum(k.duration_sec) FILTER (WHERE k.answered_at IS NOT NULL), 0)::text AS "talkSeconds",
              count(*) FILTER (WHERE k.direction = 'inbound' AND k.answered_at IS NOT NULL)::int AS "repAnswered",
              count(*) FILTER (WHERE NOT k.leg)::int AS "classCalls",
              count(*) FILTER (WHERE NOT k.leg AND k.answered_at IS NOT NULL)::int AS "classAnswered",
              count(*) FILTER (WHERE NOT k.leg AND k.direction = 'inbound' AND k.outcome = 'missed')::int AS "classMissed"
       FROM (SELECT to_char(date_trunc('${bucket}', ${CALL_AT} AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS start, ${CALL_REP} AS who,
                    c.contact_importance AS importance, c.direction, c.outcome, c.answered_at, c.duration_sec, ${TRANSFER_LEG} AS leg
             FROM calls c
             WHERE ${CALL_AT} >= ${p.add(period.start)} AND ${CALL_AT} < ${p.add(period.end)} AND c.direction IS NOT NULL AND ${callScopeSql(rep)}) k
       GROUP BY GROUPING SETS ((k.start), (k.who), (k.importance), ())`,
      p.values,
    );
  }

  /** The period's missed inbound calls (calls_report_missed_idx), once per rep they rang (the caller's own user included). */
  missedRang(scope: ReportScope, period: Period) {
    const p = new Params();
    const rep = callRepParam(scope, p);
    return this.tx.db().rows<{ who: string; missed: number }>(
      `SELECT r.who, count(*)::int AS missed
       FROM calls c CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(c.rang_user_ids || CASE WHEN c.user_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[c.user_id] END) x) r(who)
       WHERE c.outcome = 'missed' AND c.direction = 'inbound' AND ${CALL_AT} >= ${p.add(period.start)} AND ${CALL_AT} < ${p.add(period.end)}
         AND ${callScopeSql(rep)} ${rep ? `AND r.who = ${rep}` : ''}
       GROUP BY r.who`,
      p.values,
    );
  }

  /** Callers' missed calls (transfer legs apart) by how soon they were called back (speed-bins.ts; bin null: not yet). */
  callBackBins(scope: ReportScope, period: Period) {
    const p = new Params();
    const rep = callRepParam(scope, p);
    return this.tx.db().rows<BinCount>(
      `SELECT report_speed_bin(extract(epoch FROM c.called_back_at - ${CALL_AT})) AS bin, count(*)::int AS n
       FROM calls c
       WHERE c.outcome = 'missed' AND c.direction = 'inbound' AND NOT ${TRANSFER_LEG} AND ${CALL_AT} >= ${p.add(period.start)} AND ${CALL_AT} < ${p.add(period.end)}
         AND ${callScopeSql(rep)}
       GROUP BY 1`,
      p.values,
    );
  }

  /** Names of the users a report lists. */
  names(ids: string[]) {
    return this.tx.db().rows<{ id: string; name: string }>(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * Class-A contacts not contacted in `days` days (or never), by owner. A Seller's: the contacts
   * they own; a Head's: every one, or one owner's.
   */
  dormantContacts(scope: ReportScope, days: number, now: Date) {
    const p = new Params();
    const me = p.add(scope.actor.id);
    const rep = narrowedRep(scope);
    const owner = rep === null ? 'true' : rep === 'none' ? 'c.owner_id IS NULL' : `c.owner_id = ${p.add(rep)}`;
    const scoped = `c.importance = 'A' AND ${contactScopeSql(scope.actor, me, 'c')} AND ${owner}`;
    // never contacted and contacted too long ago read apart: each an index-only range (an OR read the heap)
    return this.tx.db().rows<{ ownerId: string | null; name: string | null; count: number; never: number }>(
      `SELECT x.owner_id AS "ownerId", u.name, sum(x.n)::int AS count, sum(x.never)::int AS never
       FROM (SELECT c.owner_id, count(*) AS n, count(*) AS never FROM contacts c WHERE c.last_contact_at IS NULL AND ${scoped} GROUP BY c.owner_id
             UNION ALL
             SELECT c.owner_id, count(*), 0 FROM contacts c
             WHERE c.last_contact_at < ${p.add(now)}::timestamptz - make_interval(days => ${p.add(days)}) AND ${scoped} GROUP BY c.owner_id) x
       LEFT JOIN users u ON u.id = x.owner_id
       GROUP BY x.owner_id, u.name`,
      p.values,
    );
  }
}
