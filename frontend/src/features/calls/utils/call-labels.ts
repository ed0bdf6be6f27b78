import type { Call } from '@callboard/contracts';

const MISSED_INBOUND: Record<string, string> = {
  no_answer: 'Missed: nobody answered',
  caller_cancelled: 'Missed: the caller hung up',
  nobody_available: 'Missed: nobody was available',
  busy: 'Missed: line busy',
  rejected: 'Missed: declined',
  failed: 'Missed: the call failed',
};

const MISSED_OUTBOUND: Record<string, string> = {
  no_answer: 'Not answered',
  caller_cancelled: 'Cancelled',
  nobody_available: 'Not reached',
  busy: 'Busy',
  rejected: 'Declined',
  failed: 'Failed',
};

/** A call's outcome in words a rep reads, never the stored code ("missed (no_answer)"). */
export function callOutcomeLabel(call: Pick<Call, 'outcome' | 'missedReason' | 'direction'>): string {
  switch (call.outcome) {
    case 'ringing':
      return 'Ringing';
    case 'answered':
      return 'In progress';
    case 'completed':
      return 'Answered';
    case 'transferred':
      return 'Answered, transferred';
    case 'missed': {
      const table = call.direction === 'outbound' ? MISSED_OUTBOUND : MISSED_INBOUND;
      return (call.missedReason && table[call.missedReason]) || (call.direction === 'outbound' ? 'Not answered' : 'Missed');
    }
  }
}

export type OutcomeTone = 'success' | 'danger' | 'neutral' | 'info';

export function callOutcomeTone(call: Pick<Call, 'outcome'>): OutcomeTone {
  if (call.outcome === 'missed') return 'danger';
  if (call.outcome === 'completed' || call.outcome === 'transferred') return 'success';
  return 'info';
}

/** Who took the call: the rep who answered it, or who placed it. */
export function callRepName(call: Pick<Call, 'answeredByName' | 'userName' | 'direction'>): string | null {
  return call.answeredByName ?? call.userName ?? null;
}

/** The customer's number: the caller's for inbound, the dialled one for outbound. */
export function callNumber(call: Pick<Call, 'direction' | 'fromNumber' | 'fromRaw' | 'toNumber' | 'toRaw'>): string | null {
  return call.direction === 'outbound' ? (call.toNumber ?? call.toRaw) : (call.fromNumber ?? call.fromRaw);
}

/** Only a number in E.164 form can be dialled back. */
export function callBackNumber(call: Pick<Call, 'direction' | 'fromNumber' | 'toNumber'>): string | null {
  return call.direction === 'outbound' ? call.toNumber : call.fromNumber;
}
