import type { SaveWrapUpRequest } from '@callboard/contracts';

/** What a finished call says about its wrap-up (a call row's facts). */
export interface EndedCallFacts {
  direction: 'inbound' | 'outbound' | null;
  /** Outbound: the rep who placed it. */
  userId: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
  missedReason: string | null;
  outcome: string;
}

/** Who owes a finished call's wrap-up, and the outcome to prefill. */
export interface OwedWrapUp {
  userId: string;
  suggestedOutcome: string | null;
}

/**
 * Who owes the wrap-up of a call that just ended, or null when nobody does:
 * - an inbound call: the rep who answered it; one that never reached a rep owes none (it has its
 *   call-back task, and nobody talked);
 * - an outbound call: the rep who placed it, answered or not; unanswered, the outcome is prefilled
 *   from what the carrier said (busy → `busy`, anything else → `no_answer`);
 * - a call transferred on (`transferred`): none; the rep it went to owes it on the new call.
 */
export function owedWrapUp(call: EndedCallFacts): OwedWrapUp | null {
  if (call.outcome === 'transferred') return null;
  if (call.direction === 'inbound') return call.answeredAt && call.answeredBy ? { userId: call.answeredBy, suggestedOutcome: null } : null;
  if (call.direction === 'outbound' && call.userId) {
    if (call.answeredAt) return { userId: call.userId, suggestedOutcome: null };
    return { userId: call.userId, suggestedOutcome: call.missedReason === 'busy' ? 'busy' : 'no_answer' };
  }
  return null;
}

/** A second save of a wrap-up already done: the same words again (a retry, a second tab) or a different one. */
export function isSameSave(done: { outcome: string | null; note: string | null }, input: Pick<SaveWrapUpRequest, 'outcome' | 'note'>): boolean {
  return done.outcome === input.outcome && (done.note ?? '') === (input.note ?? '');
}
