import type { CallEndReason, CallEvent, CallOutcome } from '@callboard/contracts';
import { cleanDisplayName } from './display-name';

/**
 * What the CRM knows of one call: the facts the PBX reported (the first word on each wins) and
 * which of the call's effects on its deal were applied (each exactly once).
 */
export interface CallState {
  direction: 'inbound' | 'outbound' | null;
  fromRaw: string | null;
  fromNumber: string | null;
  fromName: string | null;
  toRaw: string | null;
  toNumber: string | null;
  extension: string | null;
  /** Outbound: the rep who placed it. */
  userId: string | null;
  contactId: string | null;
  dealId: string | null;
  offeredAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  answeredBy: string | null;
  answeredExtension: string | null;
  outcome: CallOutcome;
  missedReason: string | null;
  hangupBy: string | null;
  endReason: CallEndReason | null;
  durationSec: number | null;
  rangUserIds: string[];
  dealCreated: boolean;
  answerApplied: boolean;
  missApplied: boolean;
  endApplied: boolean;
}

/** What the call-to-deal policy does, in this order, in the event's transaction. */
export type CallEffect =
  /** Find the call's deal (named, the contact's open one) or create "Call from ..." in Unsorted. */
  | { kind: 'attach-deal' }
  /** Screen pop (`call.ringing`) to these reps, after commit. */
  | { kind: 'screen-pop'; userIds: string[] }
  /**
   * The call was answered: the deal gets the contact time (and, inbound, leaves Unsorted and goes
   * to the answerer if unowned), the answerer goes on_call (unless the call already ended), the
   * other ringing reps hear it was taken. `undoMiss`: a miss was applied before the answer
   * arrived (a losing branch, or events out of order): its open call-back task goes.
   */
  | { kind: 'answer'; answeredBy: string | null; markOnCall: boolean; undoMiss: boolean; others: string[] }
  /** Nobody answered: the deal is marked missed with one call-back task (inbound). */
  | { kind: 'miss' }
  /** The call is over: one timeline entry, the answerer released from on_call, `call.ended` to those involved. */
  | { kind: 'end'; durationSec: number | null; release: string | null; audience: string[] };

export interface CallDecision {
  /** Columns of the call row to write (facts and applied-flags). */
  changes: Partial<CallState>;
  effects: CallEffect[];
}

/** The rep an event's extension belongs to, resolved before the transaction. */
export interface ResolvedUser {
  id: string;
}

/**
 * The call's next state and the effects now due, for one event. Pure: no IO, no clock; the
 * same events in any order, any number of times, give the same final state and each effect
 * once (an answer outranks a miss reported by a losing branch).
 */
export function decide(
  state: CallState,
  event: CallEvent,
  user: ResolvedUser | null,
  normalize: (number: string) => string | null,
): CallDecision {
  const effects: CallEffect[] = [];
  const changes = recordEvent(state, event, user, normalize, effects);
  const call: CallState = { ...state, ...changes };
  const due = (more: Partial<CallState>) => {
    Object.assign(changes, more);
    Object.assign(call, more);
  };

  if (!call.dealCreated && call.direction) {
    effects.push({ kind: 'attach-deal' });
    due({ dealCreated: true });
    // reps already ringing get the full screen pop once the deal is known
    if (call.rangUserIds.length && !call.answeredAt && !call.missedReason) effects.push({ kind: 'screen-pop', userIds: call.rangUserIds });
  }

  if (call.dealCreated && call.answeredAt && !call.answerApplied) {
    due({ answerApplied: true });
    effects.push({
      kind: 'answer',
      answeredBy: call.answeredBy,
      markOnCall: !!call.answeredBy && !call.endedAt,
      undoMiss: call.missApplied,
      others: call.rangUserIds.filter((id) => id !== call.answeredBy),
    });
  }

  if (call.dealCreated && call.missedReason && !call.answeredAt && !call.missApplied) {
    due({ missApplied: true });
    effects.push({ kind: 'miss' });
  }

  const finished = call.endedAt && (call.answeredAt || call.missedReason);
  // An answer that comes after the call's end was applied as a miss: the end is applied again
  // with what really happened (a second timeline entry, the duration, the answerer released).
  const amend = call.endApplied && !state.answeredAt && !!changes.answeredAt;
  if (call.dealCreated && finished && (!call.endApplied || amend)) {
    const durationSec = durationOf(call);
    due({ endApplied: true, durationSec, outcome: call.answeredAt ? 'completed' : 'missed' });
    effects.push({
      kind: 'end',
      durationSec,
      release: call.answeredBy,
      audience: [...new Set([...call.rangUserIds, ...(call.userId ? [call.userId] : [])])],
    });
  }
  return { changes, effects };
}

/** What the event itself says about the call; the first word on each fact wins. */
function recordEvent(
  call: CallState,
  e: CallEvent,
  user: ResolvedUser | null,
  normalize: (number: string) => string | null,
  effects: CallEffect[],
): Partial<CallState> {
  const at = new Date(e.at);
  switch (e.type) {
    case 'offered': {
      if (call.direction) return {};
      const userId = e.direction === 'outbound' ? (user?.id ?? null) : null;
      return {
        direction: e.direction,
        fromRaw: e.from.slice(0, 128),
        fromNumber: normalize(e.from),
        fromName: cleanDisplayName(e.fromName),
        toRaw: e.to.slice(0, 128),
        toNumber: normalize(e.to),
        extension: e.extension ?? null,
        userId,
        offeredAt: at,
        // the deal was vetted before this function (X-Callboard-Deal is never trusted as it comes)
        dealId: call.dealId ?? e.dealId ?? null,
        // an outbound call answered before its offer arrived: the far end answered the caller's call
        ...(call.answeredAt && !call.answeredBy && userId ? { answeredBy: userId } : {}),
      };
    }
    case 'ringing': {
      if (!user || call.rangUserIds.includes(user.id)) return {};
      if (!call.answeredAt && !call.missedReason) effects.push({ kind: 'screen-pop', userIds: [user.id] });
      return { rangUserIds: [...call.rangUserIds, user.id] };
    }
    case 'answered': {
      if (call.answeredAt) return {};
      // An answer outranks a miss reported by a losing branch: the miss's end time goes (only an
      // `ended` says when an answered call ended), and so does an end applied for the miss.
      const endOfMiss = !!call.missedReason && !call.hangupBy;
      const endedAt = endOfMiss ? null : call.endedAt;
      return {
        answeredAt: at,
        answeredExtension: e.extension,
        answeredBy: user?.id ?? (call.direction === 'outbound' ? call.userId : null),
        outcome: endedAt ? 'completed' : 'answered',
        missedReason: null,
        ...(endOfMiss ? { endedAt: null, endReason: null, endApplied: false } : {}),
      };
    }
    case 'ended': {
      if (call.endedAt && call.hangupBy) return {};
      // the first `ended` says when the call ended (a miss only estimated it)
      return { endedAt: at, hangupBy: e.hangupBy, endReason: e.reason ?? reasonOfHangup(e.hangupBy) ?? call.endReason };
    }
    case 'missed': {
      if (call.answeredAt || call.missedReason) return {};
      return { missedReason: e.reason, outcome: 'missed', endedAt: call.endedAt ?? at, endReason: call.endReason ?? reasonOfMiss(e.reason) };
    }
  }
}

function durationOf(call: CallState): number | null {
  if (!call.answeredAt || !call.endedAt) return null;
  return Math.max(0, Math.round((call.endedAt.getTime() - call.answeredAt.getTime()) / 1000));
}

function reasonOfHangup(hangupBy: string): CallEndReason | null {
  return hangupBy === 'caller' ? 'caller_hangup' : hangupBy === 'callee' ? 'callee_hangup' : null;
}

function reasonOfMiss(reason: string): CallEndReason | null {
  if (reason === 'caller_cancelled') return 'cancelled';
  if (reason === 'busy' || reason === 'rejected') return 'rejected';
  return null;
}

/** A call row before its first event. */
export function emptyCall(): CallState {
  return {
    direction: null,
    fromRaw: null,
    fromNumber: null,
    fromName: null,
    toRaw: null,
    toNumber: null,
    extension: null,
    userId: null,
    contactId: null,
    dealId: null,
    offeredAt: null,
    answeredAt: null,
    endedAt: null,
    answeredBy: null,
    answeredExtension: null,
    outcome: 'ringing',
    missedReason: null,
    hangupBy: null,
    endReason: null,
    durationSec: null,
    rangUserIds: [],
    dealCreated: false,
    answerApplied: false,
    missApplied: false,
    endApplied: false,
  };
}
