import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { Call } from '@callboard/contracts';

// The missed reasons the server sends (`missedReason` is free text: an unknown one reads "Missed").
const MISSED_INBOUND: Record<string, MessageDescriptor> = defineMessages({
  no_answer: { id: 'calls.missedInbound.noAnswer', defaultMessage: 'Missed: nobody answered' },
  caller_cancelled: { id: 'calls.missedInbound.callerCancelled', defaultMessage: 'Missed: the caller hung up' },
  nobody_available: { id: 'calls.missedInbound.nobodyAvailable', defaultMessage: 'Missed: nobody was available' },
  busy: { id: 'calls.missedInbound.busy', defaultMessage: 'Missed: line busy' },
  rejected: { id: 'calls.missedInbound.rejected', defaultMessage: 'Missed: declined' },
  failed: { id: 'calls.missedInbound.failed', defaultMessage: 'Missed: the call failed' },
});

const MISSED_OUTBOUND: Record<string, MessageDescriptor> = defineMessages({
  no_answer: { id: 'calls.missedOutbound.noAnswer', defaultMessage: 'Not answered' },
  caller_cancelled: { id: 'calls.missedOutbound.callerCancelled', defaultMessage: 'Cancelled' },
  nobody_available: { id: 'calls.missedOutbound.nobodyAvailable', defaultMessage: 'Not reached' },
  busy: { id: 'calls.missedOutbound.busy', defaultMessage: 'Busy' },
  rejected: { id: 'calls.missedOutbound.rejected', defaultMessage: 'Declined' },
  failed: { id: 'calls.missedOutbound.failed', defaultMessage: 'Failed' },
});

const OUTCOMES = defineMessages({
  ringing: { id: 'calls.outcome.ringing', defaultMessage: 'Ringing' },
  answered: { id: 'calls.outcome.inProgress', defaultMessage: 'In progress' },
  completed: { id: 'calls.outcome.answered', defaultMessage: 'Answered' },
  transferred: { id: 'calls.outcome.transferred', defaultMessage: 'Answered, transferred' },
  missedInbound: { id: 'calls.outcome.missed', defaultMessage: 'Missed' },
  missedOutbound: { id: 'calls.outcome.notAnswered', defaultMessage: 'Not answered' },
});

/** A call's outcome in words a rep reads, never the stored code ("missed (no_answer)"). */
export function callOutcomeLabel(intl: IntlShape, call: Pick<Call, 'outcome' | 'missedReason' | 'direction'>): string {
  switch (call.outcome) {
    case 'ringing':
    case 'answered':
    case 'completed':
    case 'transferred':
      return intl.formatMessage(OUTCOMES[call.outcome]);
    case 'missed': {
      const outbound = call.direction === 'outbound';
      const table = outbound ? MISSED_OUTBOUND : MISSED_INBOUND;
      const reason = call.missedReason && Object.hasOwn(table, call.missedReason) ? table[call.missedReason] : undefined;
      if (reason) return intl.formatMessage(reason);
      return intl.formatMessage(outbound ? OUTCOMES.missedOutbound : OUTCOMES.missedInbound);
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
