import { DIAL_REFUSAL_MESSAGES, DialRefusalReason, TOO_MANY_CALLS_MESSAGE } from '@callboard/contracts';

/**
 * What the dock says when the phone server refused an outbound call (ADR 0009), or null for a
 * failure that is not a refusal (busy, no answer ...: the call simply ends). The text comes from
 * our own contracts by the refusal code in `X-Callboard-Refusal`, never from the wire.
 */
export function callRefusalMessage(statusCode: number, refusal: string | undefined): string | null {
  if (statusCode === 403 && refusal) {
    if (refusal === 'too_many_calls') return `${TOO_MANY_CALLS_MESSAGE}: hang up another call first`;
    const reason = DialRefusalReason.safeParse(refusal);
    return reason.success ? DIAL_REFUSAL_MESSAGES[reason.data] : 'This call is not allowed';
  }
  if (statusCode === 503) return 'The phone server cannot place calls right now: try again in a moment';
  return null;
}
