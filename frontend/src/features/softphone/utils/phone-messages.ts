import { defineMessages, type IntlShape } from 'react-intl';
import type { Presence } from '@callboard/contracts';
import type { SoftphoneState } from '../sip/softphone';
import type { CallBlockedReason } from '../tabs/tab-messages';
import type { CallProblem, ConnectProblem } from './call-refusal';

// The words for the phone's states and reasons: the sip class and the stores keep codes, the UI
// words them here, in the language shown now.

const STATES = defineMessages({
  disconnected: { id: 'softphone.state.disconnected', defaultMessage: 'Phone offline' },
  registering: { id: 'softphone.state.registering', defaultMessage: 'Phone connecting…' },
  ready: { id: 'softphone.state.ready', defaultMessage: 'Phone ready' },
  ringing: { id: 'softphone.state.ringing', defaultMessage: 'Ringing' },
  dialing: { id: 'softphone.state.dialing', defaultMessage: 'Calling…' },
  in_call: { id: 'softphone.state.inCall', defaultMessage: 'In call' },
  on_hold: { id: 'softphone.state.onHold', defaultMessage: 'On hold' },
}) satisfies Record<SoftphoneState, unknown>;

export function phoneStateLabel(intl: IntlShape, state: SoftphoneState): string {
  return intl.formatMessage(STATES[state]);
}

const PRESENCE = defineMessages({
  available: { id: 'softphone.presence.available', defaultMessage: 'Available' },
  busy: { id: 'softphone.presence.busy', defaultMessage: 'Busy' },
  dnd: { id: 'softphone.presence.dnd', defaultMessage: 'Do not disturb' },
  offline: { id: 'softphone.presence.offline', defaultMessage: 'Offline' },
  on_call: { id: 'softphone.presence.onCall', defaultMessage: 'On call' },
}) satisfies Record<Presence, unknown>;

/** A presence as the presence menu names it ("Do not disturb"). */
export function presenceLabel(intl: IntlShape, presence: Presence): string {
  return intl.formatMessage(PRESENCE[presence]);
}

const CALL_PROBLEMS = defineMessages({
  // the dial policy (ADR 0009)
  unknown_extension: { id: 'softphone.callProblem.unknownExtension', defaultMessage: 'This phone may not make calls' },
  invalid_number: { id: 'softphone.callProblem.invalidNumber', defaultMessage: 'Not a valid phone number' },
  special_service: { id: 'softphone.callProblem.specialService', defaultMessage: 'Premium-rate numbers are blocked' },
  blocked_prefix: { id: 'softphone.callProblem.blockedPrefix', defaultMessage: 'This number range is blocked' },
  international_not_allowed: { id: 'softphone.callProblem.internationalNotAllowed', defaultMessage: 'International calls are not allowed' },
  too_many_calls: { id: 'softphone.callProblem.tooManyCalls', defaultMessage: 'Too many calls: hang up another call first' },
  not_allowed: { id: 'softphone.callProblem.notAllowed', defaultMessage: 'This call is not allowed' },
  server_unavailable: { id: 'softphone.callProblem.serverUnavailable', defaultMessage: 'The phone server cannot place calls right now: try again in a moment' },
  // the far end or the carrier
  busy: { id: 'softphone.callProblem.busy', defaultMessage: 'The line is busy: try again later' },
  unavailable: { id: 'softphone.callProblem.unavailable', defaultMessage: 'No answer: the number is unavailable right now' },
  timed_out: { id: 'softphone.callProblem.timedOut', defaultMessage: 'No answer: the call timed out' },
  cancelled: { id: 'softphone.callProblem.cancelled', defaultMessage: 'The call was cancelled before it was answered' },
  declined: { id: 'softphone.callProblem.declined', defaultMessage: 'The call was declined' },
  carrier_refused: { id: 'softphone.callProblem.carrierRefused', defaultMessage: 'The carrier refused the call' },
  not_found: { id: 'softphone.callProblem.notFound', defaultMessage: 'Number not found: check the number' },
  incomplete: { id: 'softphone.callProblem.incomplete', defaultMessage: 'The number is incomplete: check the number' },
  no_common_audio: { id: 'softphone.callProblem.noCommonAudio', defaultMessage: 'The other side could not agree on audio: the call was not connected' },
  line_fault: { id: 'softphone.callProblem.lineFault', defaultMessage: 'The call did not go through (a fault on the line or at the carrier): try again' },
  failed: { id: 'softphone.callProblem.failed', defaultMessage: 'The call did not go through' },
  // before the call started
  microphone_blocked: { id: 'softphone.callProblem.microphoneBlocked', defaultMessage: 'Microphone blocked: allow it for this site, then try again' },
  no_microphone: { id: 'softphone.callProblem.noMicrophone', defaultMessage: 'No microphone found: plug one in or pick another under Audio' },
  microphone_in_use: { id: 'softphone.callProblem.microphoneInUse', defaultMessage: 'The microphone is in use by another program or cannot be opened' },
  not_connected: { id: 'softphone.callProblem.notConnected', defaultMessage: 'The phone is not connected: wait until it says “Phone ready”' },
  call_in_progress: { id: 'softphone.callProblem.callInProgress', defaultMessage: 'A call is already in progress' },
  no_number: { id: 'softphone.callProblem.noNumber', defaultMessage: 'No number to call' },
  no_holder: { id: 'softphone.callProblem.noHolder', defaultMessage: 'No other tab holds the phone' },
  holder_silent: { id: 'softphone.callProblem.holderSilent', defaultMessage: 'The tab holding the phone did not answer' },
  phone_closed: { id: 'softphone.callProblem.phoneClosed', defaultMessage: 'The phone was closed' },
  not_placed: { id: 'softphone.callProblem.notPlaced', defaultMessage: 'The call could not be placed' },
}) satisfies Record<CallProblem, unknown>;

/** Why the last outbound call did not go through, or could not start, in the rep's words. */
export function callProblemMessage(intl: IntlShape, problem: CallProblem): string {
  return intl.formatMessage(CALL_PROBLEMS[problem]);
}

const CONNECT_PROBLEMS = defineMessages({
  unreachable: { id: 'softphone.connectProblem.unreachable', defaultMessage: 'The phone cannot reach the phone server' },
  sign_in_refused: { id: 'softphone.connectProblem.signInRefused', defaultMessage: 'The phone server refused this phone’s sign-in' },
  failed: { id: 'softphone.connectProblem.failed', defaultMessage: 'The phone could not connect' },
  connection_lost: { id: 'softphone.connectProblem.connectionLost', defaultMessage: 'Connection to the phone server lost' },
}) satisfies Record<ConnectProblem, unknown>;

/** Why the phone is offline, in the rep's words. */
export function connectProblemMessage(intl: IntlShape, problem: ConnectProblem): string {
  return intl.formatMessage(CONNECT_PROBLEMS[problem]);
}

const BLOCKED = defineMessages({
  starting: { id: 'softphone.blocked.starting', defaultMessage: 'The phone is starting' },
  no_holder: { id: 'softphone.blocked.noHolder', defaultMessage: 'No tab holds the phone: choose “Use phone here” in the top bar' },
  offline: { id: 'softphone.blocked.offline', defaultMessage: 'The phone is offline' },
  offline_elsewhere: { id: 'softphone.blocked.offlineElsewhere', defaultMessage: 'The phone is offline in the tab that holds it' },
  connecting: { id: 'softphone.blocked.connecting', defaultMessage: 'The phone is connecting' },
  call_up: { id: 'softphone.blocked.callUp', defaultMessage: 'A call is already up' },
}) satisfies Record<CallBlockedReason, unknown>;

/** Why click-to-call cannot place a call now (its tooltip). */
export function callBlockedMessage(intl: IntlShape, reason: CallBlockedReason): string {
  return intl.formatMessage(BLOCKED[reason]);
}

/** The call controls, in the in-call bar and for a call held by another tab. */
export const CALL_CONTROLS = defineMessages({
  mute: { id: 'softphone.control.mute', defaultMessage: 'Mute' },
  unmute: { id: 'softphone.control.unmute', defaultMessage: 'Unmute' },
  hold: { id: 'softphone.control.hold', defaultMessage: 'Hold' },
  resume: { id: 'softphone.control.resume', defaultMessage: 'Resume' },
  hangUp: { id: 'softphone.control.hangUp', defaultMessage: 'Hang up' },
});
