import { DialRefusalReason } from '@callboard/contracts';

// Why a call or the phone failed, as codes: the dock puts them into the user's words
// (utils/phone-messages.ts), so the sip class and the stores hold no text and a language change
// re-words what is shown.

/** Why the phone server or the carrier did not put an outbound call through. */
export type CallFailure =
  | DialRefusalReason
  | 'too_many_calls'
  | 'not_allowed'
  | 'server_unavailable'
  | 'busy'
  | 'unavailable'
  | 'timed_out'
  | 'cancelled'
  | 'declined'
  | 'carrier_refused'
  | 'not_found'
  | 'incomplete'
  | 'no_common_audio'
  | 'line_fault'
  | 'failed';

export const CALL_SETUP_PROBLEMS = [
  'microphone_blocked',
  'no_microphone',
  'microphone_in_use',
  'not_connected',
  'call_in_progress',
  'no_number',
  'no_holder',
  'holder_silent',
  'phone_closed',
  'not_placed',
] as const;

/** Why a call could not even start (thrown before or while sending the INVITE). */
export type CallSetupProblem = (typeof CALL_SETUP_PROBLEMS)[number];

/** What the dock says about the last outbound call, until the next one. */
export type CallProblem = CallFailure | CallSetupProblem;

/** Why the phone is offline. */
export type ConnectProblem = 'unreachable' | 'sign_in_refused' | 'failed' | 'connection_lost';

/** A call that could not start, with its reason (the message is for the console only). */
export class CallSetupError extends Error {
  constructor(
    readonly problem: CallSetupProblem,
    message: string = problem,
  ) {
    super(message);
    this.name = 'CallSetupError';
  }
}

export function isCallSetupProblem(value: unknown): value is CallSetupProblem {
  return typeof value === 'string' && (CALL_SETUP_PROBLEMS as readonly string[]).includes(value);
}

/**
 * Why the phone server refused an outbound call (ADR 0009), or null for a failure that is not a
 * refusal. The reason is our own refusal code in `X-Callboard-Refusal`, never words from the wire.
 */
export function callRefusal(statusCode: number, refusal: string | undefined): CallFailure | null {
  if (statusCode === 403 && refusal) {
    if (refusal === 'too_many_calls') return 'too_many_calls';
    const reason = DialRefusalReason.safeParse(refusal);
    return reason.success ? reason.data : 'not_allowed';
  }
  if (statusCode === 503) return 'server_unavailable';
  return null;
}

/**
 * Why an outbound call that was not answered ended (issue 13: a failed call went back to "ready"
 * with no message). `statusCode` is the final SIP response; the reason phrase from the wire is
 * never shown. `cancelledByUs`: the rep hung up while it rang, so a 487 needs no message.
 */
export function callFailure(statusCode: number, refusal: string | undefined, cancelledByUs = false): CallFailure | null {
  const refused = callRefusal(statusCode, refusal);
  if (refused) return refused;
  switch (statusCode) {
    case 486:
    case 600:
      return 'busy';
    case 480:
      return 'unavailable';
    case 408:
      return 'timed_out';
    case 487:
      return cancelledByUs ? null : 'cancelled';
    case 603:
      return 'declined';
    case 403:
      return 'carrier_refused';
    case 404:
    case 604:
      return 'not_found';
    case 484:
      return 'incomplete';
    case 488:
    case 415:
      return 'no_common_audio';
  }
  if (statusCode >= 500) return 'line_fault';
  if (statusCode >= 400) return 'failed';
  return null;
}

/** True for getUserMedia's "permission denied" (the person or the browser blocked the microphone). */
export function isMicrophoneBlocked(e: unknown): boolean {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  return name === 'NotAllowedError' || name === 'SecurityError' || /NotAllowedError|Permission denied/i.test(String(e));
}

/** Why a call could not even start: our own reason, else what the browser's media error means. */
export function callSetupProblem(e: unknown): CallSetupProblem {
  if (e instanceof CallSetupError) return e.problem;
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  const text = e instanceof Error ? e.message : String(e);
  if (isMicrophoneBlocked(e)) return 'microphone_blocked';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || /Requested device not found|NotFoundError/i.test(text)) return 'no_microphone';
  if (name === 'NotReadableError' || /NotReadableError|Could not start audio source/i.test(text)) return 'microphone_in_use';
  if (/not connected|not registered/i.test(text)) return 'not_connected';
  return 'not_placed';
}

/** Why the phone could not sign in to the phone server (the transport's own words go to the console). */
export function connectProblem(e: unknown): ConnectProblem {
  const text = e instanceof Error ? e.message : String(e);
  if (/websocket|transport|connect/i.test(text)) return 'unreachable';
  if (/401|403|unauthori[sz]ed|forbidden/i.test(text)) return 'sign_in_refused';
  return 'failed';
}
