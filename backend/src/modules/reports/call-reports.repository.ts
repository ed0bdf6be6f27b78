import { Injectable } from '@nestjs/common';
import { contactScopeSql } from '../../common/access/deal-visibility';
import { Transactions } from '../../common/database/transactions';
import type { Period } from './deal-reports.repository';
import { narrowedRep, Params, type ReportScope } from './report-scope';

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

/** One day or week of calls; `start` null: the whole period. */
export interface CallSeriesRow {
  start: string | null;
  inbound: number;
  answered: number;
  missed: number;
  outbound: number;
  outboundAnswered: number;
  talkSeconds: string;
  calledBack: number;
  callBackSeconds: [number | null, number | null] | null;
}

@Injectable()
export class CallReportsRepository {
  constructor(private readonly tx: Transactions) {}

  /**
   * The series (one row per day or week) and, in the row whose `start` is null, the period's
   * totals with the call-back median and 90th percentile: one scan (GROUPING SETS).
   */
  totals(scope: ReportScope, period: Period, bucket: 'day' | 'week') {
    const p = new Params();
    const rep = callRepParam(scope, p);
    const tz = p.add(period.timeZone);
    const missed = `k.direction = 'inbound' AND NOT k.leg AND k.outcome = 'missed'`;
    return this.tx.db().rows<CallSeriesRow>(
      `WITH k AS (
         SELECT c.direction, c.outcome, c.answered_at, c.duration_sec, c.called_back_at, ${CALL_AT} AS at, ${TRANSFER_LEG} AS leg
         FROM calls c
         WHERE ${CALL_AT} >= ${p.add(period.start)} AND ${CALL_AT} < ${p.add(period.end)} AND c.direction IS NOT NULL AND ${callScopeSql(rep)})
       SELECT to_char(date_trunc('${bucket}', k.at AT TIME ZONE ${tz}), 'YYYY-MM-DD') AS start,
              count(*) FILTER (WHERE k.direction = 'inbound' AND NOT k.leg)::int AS inbound,
              count(*) FILTER (WHERE k.direction = 'inbound' AND NOT k.leg AND k.answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE ${missed})::int AS missed,
              count(*) FILTER (WHERE k.direction = 'outbound')::int AS outbound,
              count(*) FILTER (WHERE k.direction = 'outbound' AND k.answered_at IS NOT NULL)::int AS "outboundAnswered",
              COALESCE(sum(k.duration_sec) FILTER (WHERE k.answered_at IS NOT NULL), 0)::text AS "talkSeconds",
              count(*) FILTER (WHERE ${missed} AND k.called_back_at IS NOT NULL)::int AS "calledBack",
              percentile_cont(ARRAY[0.5, 0.9]::float8[]) WITHIN GROUP (ORDER BY extract(epoch FROM k.called_back_at - k.at))
                FILTER (WHERE ${missed} AND k.called_back_at IS NOT NULL) AS "callBackSeconds"
       FROM k GROUP BY GROUPING SETS ((1), ()) ORDER BY 1 NULLS FIRST`,
      p.values,
    );
  }

  /** Per rep: answered (transfer legs included), placed, placed and answered, talk time, missed while ringing them. */
  perRep(scope: ReportScope, period: Period) {
    const p = new Params();
    const rep = callRepParam(scope, p);
    const start = p.add(period.start);
    const end = p.add(period.end);
    return this.tx.db().rows<{ userId: string; name: string; answered: number; outbound: number; outboundAnswered: number; talkSeconds: number; missed: number }>(
      `WITH k AS (
         SELECT c.direction, c.outcome, c.answered_at, c.duration_sec, ${CALL_REP} AS who,
                CASE WHEN c.outcome = 'missed' AND c.direction = 'inbound'
                  THEN c.rang_user_ids || CASE WHEN c.user_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[c.user_id] END END AS rang
         FROM calls c
         WHERE ${CALL_AT} >= ${start} AND ${CALL_AT} < ${end} AND c.direction IS NOT NULL AND ${callScopeSql(rep)}),
       handled AS (
         SELECT k.who, count(*) FILTER (WHERE k.direction = 'inbound' AND k.answered_at IS NOT NULL) AS answered,
                count(*) FILTER (WHERE k.direction = 'outbound') AS outbound,
                count(*) FILTER (WHERE k.direction = 'outbound' AND k.answered_at IS NOT NULL) AS outbound_answered,
                COALESCE(sum(k.duration_sec) FILTER (WHERE k.answered_at IS NOT NULL), 0) AS talk
         FROM k WHERE k.who IS NOT NULL GROUP BY k.who),
       missed AS (
         SELECT r.who, count(*) AS missed FROM k CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(k.rang) x) r(who)
         WHERE k.rang IS NOT NULL GROUP BY r.who)
       SELECT u.id AS "userId", u.name, COALESCE(h.answered, 0)::int AS answered, COALESCE(h.outbound, 0)::int AS outbound,
              COALESCE(h.outbound_answered, 0)::int AS "outboundAnswered", COALESCE(h.talk, 0)::int AS "talkSeconds", COALESCE(m.missed, 0)::int AS missed
       FROM users u LEFT JOIN handled h ON h.who = u.id LEFT JOIN missed m ON m.who = u.id
       WHERE (h.who IS NOT NULL OR m.who IS NOT NULL) ${rep ? `AND u.id = ${rep}` : ''}
       ORDER BY u.name, u.id`,
      p.values,
    );
  }

  /** Callers' calls by the class of their contact now (A, B, C, none; kept on the call by a trigger). */
  perClass(scope: ReportScope, period: Period) {
    const p = new Params();
    const rep = callRepParam(scope, p);
    return this.tx.db().rows<{ importance: string | null; calls: number; answered: number; missed: number }>(
      `SELECT c.contact_importance AS importance, count(*)::int AS calls,
              count(*) FILTER (WHERE c.answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE c.direction = 'inbound' AND c.outcome = 'missed')::int AS missed
       FROM calls c
       WHERE ${CALL_AT} >= ${p.add(period.start)} AND ${CALL_AT} < ${p.add(period.end)} AND c.direction IS NOT NULL
         AND NOT ${TRANSFER_LEG} AND ${callScopeSql(rep)}
       GROUP BY c.contact_importance ORDER BY c.contact_importance NULLS LAST`,
      p.values,
    );
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
    return this.tx.db().rows<{ ownerId: string | null; name: string | null; count: number; never: number }>(
      `SELECT c.owner_id AS "ownerId", u.name, count(*)::int AS count, count(*) FILTER (WHERE c.last_contact_at IS NULL)::int AS never
       FROM contacts c LEFT JOIN users u ON u.id = c.owner_id
       WHERE c.importance = 'A' AND (c.last_contact_at IS NULL OR c.last_contact_at < ${p.add(now)}::timestamptz - make_interval(days => ${p.add(days)}))
         AND ${contactScopeSql(scope.actor, me, 'c')} AND ${owner}
       GROUP BY c.owner_id, u.name`,
      p.values,
    );
  }
}
