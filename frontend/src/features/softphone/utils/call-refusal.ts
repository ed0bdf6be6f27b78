import { DIAL_REFUSAL_MESSAGES, DialRefusalReason, TOO_MANY_CALLS_MESSAGE } from '@callboard/contracts';

/**
 * What the dock says when the phone server refused an outbound call (ADR 0009), or null for a
 * failure that is not a refusal. The text comes from our own contracts by the refusal code in
 * `X-Callboard-Refusal`, never from the wire.
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

/**
 * Why an outbound call that was not answered ended, in words for the rep (issue 13: a failed call
 * went back to "ready" with no message). `statusCode` is the final SIP response; the reason
 * phrase from the wire is never shown. `cancelledByUs`: the rep hung up while it rang, so a 487
 * needs no message.
 */
export function callFailureMessage(statusCode: number, refusal: string | undefined, cancelledByUs = false): string | null {
  const refused = callRefusalMessage(statusCode, refusal);
  if (refused) return refused;
  switch (statusCode) {
    case 486:
    case 600:
      return 'The line is busy: try again later';
    case 480:
      return 'No answer: the number is unavailable right now';
    case 408:
      return 'No answer: the call timed out';
    case 487:
      return cancelledByUs ? null : 'The call was cancelled before it was answered';
    case 603:
      return 'The call was declined';
    case 403:
      return 'The carrier refused the call';
    case 404:
    case 604:
      return 'Number not found: check the number';
    case 484:
      return 'The number is incomplete: check the number';
    case 488:
    case 415:
      return 'The other side could not agree on audio: the call was not connected';
  }
  if (statusCode >= 500) return 'The call did not go through (a fault on the line or at the carrier): try again';
  if (statusCode >= 400) return 'The call did not go through';
  return null;
}

/** Why a call could not even start (thrown before or while sending the INVITE), in words for the rep. */
export function callSetupErrorMessage(e: unknown): string {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  const text = e instanceof Error ? e.message : String(e);
  if (name === 'NotAllowedError' || name === 'SecurityError' || /NotAllowedError|Permission denied/i.test(text)) {
    return 'Microphone blocked: allow it for this site, then try again';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || /Requested device not found|NotFoundError/i.test(text)) {
    return 'No microphone found: plug one in or pick another under Audio';
  }
  if (name === 'NotReadableError' || /NotReadableError|Could not start audio source/i.test(text)) {
    return 'The microphone is in use by another program or cannot be opened';
  }
  if (/not connected|not registered/i.test(text)) return 'The phone is not connected: wait until it says “Phone ready”';
  return text || 'The call could not be placed';
}

/** Why the phone could not sign in to the phone server, in a rep's words (the transport's own words go to the console). */
export function connectErrorMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (/websocket|transport|connect/i.test(text)) return 'The phone cannot reach the phone server';
  if (/401|403|unauthori[sz]ed|forbidden/i.test(text)) return 'The phone server refused this phone’s sign-in';
  return text || 'The phone could not connect';
}
