import type { ConversationsReport } from '@callboard/contracts';
import type { ConversationSumsRow } from './conversation-reports.repository';

type Sums = Omit<ConversationsReport['perRep'][number], 'userId' | 'name'>;

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

/** One rep's or the team's figures from per-rep sums (docs/reports.md: shares over the summed seconds, not averages of shares). */
export function sumConversations(rows: readonly ConversationSumsRow[]): Sums {
  const t = rows.reduce(
    (a, r) => ({
      calls: a.calls + r.calls,
      analysedSec: a.analysedSec + Number(r.analysedSec),
      repTalkSec: a.repTalkSec + Number(r.repTalkSec),
      callerTalkSec: a.callerTalkSec + Number(r.callerTalkSec),
      silenceSec: a.silenceSec + Number(r.silenceSec),
      repInterruptions: a.repInterruptions + r.repInterruptions,
      callerInterruptions: a.callerInterruptions + r.callerInterruptions,
      callsRepInterrupted: a.callsRepInterrupted + r.callsRepInterrupted,
      longestMonologueSec: Math.max(a.longestMonologueSec, Number(r.longestMonologueSec)),
      sumLongest: a.sumLongest + Number(r.sumLongestMonologueSec),
    }),
    { calls: 0, analysedSec: 0, repTalkSec: 0, callerTalkSec: 0, silenceSec: 0, repInterruptions: 0, callerInterruptions: 0, callsRepInterrupted: 0, longestMonologueSec: 0, sumLongest: 0 },
  );
  const talk = t.repTalkSec + t.callerTalkSec;
  return {
    calls: t.calls,
    analysedSec: round(t.analysedSec),
    repTalkSec: round(t.repTalkSec),
    callerTalkSec: round(t.callerTalkSec),
    silenceSec: round(t.silenceSec),
    repTalkShare: talk > 0 ? round(t.repTalkSec / talk, 4) : null,
    silenceShare: t.analysedSec > 0 ? round(t.silenceSec / t.analysedSec, 4) : null,
    repInterruptions: t.repInterruptions,
    callerInterruptions: t.callerInterruptions,
    callsRepInterrupted: t.callsRepInterrupted,
    longestMonologueSec: round(t.longestMonologueSec),
    avgLongestMonologueSec: t.calls > 0 ? round(t.sumLongest / t.calls) : null,
  };
}
