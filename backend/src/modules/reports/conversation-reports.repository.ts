import { Injectable } from '@nestjs/common';
import { Transactions } from '../../common/database/transactions';
import { CALL_AT, CALL_REP, callRepParam, callScopeSql } from './call-reports.repository';
import type { Period } from './deal-reports.repository';
import { Params, type ReportScope } from './report-scope';

/** One rep's sums over their analysed calls of the period (call_conversations, issue 16). */
export interface ConversationSumsRow {
  who: string | null;
  name: string | null;
  calls: number;
  analysedSec: number;
  repTalkSec: number;
  callerTalkSec: number;
  silenceSec: number;
  repInterruptions: number;
  callerInterruptions: number;
  callsRepInterrupted: number;
  longestMonologueSec: number;
  sumLongestMonologueSec: number;
}

/**
 * The calls the conversations report counts: analysed ones of the period, in the calls report's
 * scope, and (narrowed to a rep, a Seller always) only those that rep handled.
 */
export function conversationCallsSql(scope: ReportScope, period: Period, p: Params): string {
  const rep = callRepParam(scope, p);
  return `${CALL_AT} >= ${p.add(period.start)} AND ${CALL_AT} < ${p.add(period.end)} AND c.direction IS NOT NULL
    AND ${callScopeSql(rep)} ${rep ? `AND ${CALL_REP} = ${rep}` : ''}`;
}

@Injectable()
export class ConversationReportsRepository {
  constructor(private readonly tx: Transactions) {}

  /** Per rep who handled the calls (CALL_REP): sums and maxima of their calls' figures. */
  perRep(scope: ReportScope, period: Period) {
    const p = new Params();
    const where = conversationCallsSql(scope, period, p);
    return this.tx.db().rows<ConversationSumsRow>(
      `SELECT ${CALL_REP} AS who, u.name, count(*)::int AS calls,
              sum(v.analysed_sec)::float8 AS "analysedSec", sum(v.rep_talk_sec)::float8 AS "repTalkSec",
              sum(v.caller_talk_sec)::float8 AS "callerTalkSec", sum(v.silence_sec)::float8 AS "silenceSec",
              sum(v.rep_interruptions)::int AS "repInterruptions", sum(v.caller_interruptions)::int AS "callerInterruptions",
              count(*) FILTER (WHERE v.rep_interruptions > 0)::int AS "callsRepInterrupted",
              max(v.rep_longest_monologue_sec)::float8 AS "longestMonologueSec", sum(v.rep_longest_monologue_sec)::float8 AS "sumLongestMonologueSec"
       FROM call_conversations v JOIN calls c ON c.id = v.call_id LEFT JOIN users u ON u.id = ${CALL_REP}
       WHERE ${where}
       GROUP BY 1, 2`,
      p.values,
    );
  }
}
