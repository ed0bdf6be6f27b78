import { z } from 'zod';

/**
 * Call lifecycle events, normalised by the pbx-bridge from whatever the PBX emits and delivered
 * to the backend's internal endpoint. One call is keyed by its SIP Call-ID; events of a call may
 * arrive twice, late or out of order, so each is an idempotent update.
 */
const CallEventBase = z.object({
  /** SIP Call-ID of the caller's leg. */
  callId: z.string().min(1).max(255),
  /** Where the event came from: the PBX instance (boot id) and its sequence number there. */
  origin: z.object({
    pbx: z.string().min(1).max(40),
    boot: z.string().min(1).max(64),
    seq: z.number().int().nonnegative(),
  }),
  /** When the PBX saw it (UTC). */
  at: z.iso.datetime({ offset: true }),
});

export const CallOffered = CallEventBase.extend({
  type: z.literal('offered'),
  direction: z.enum(['inbound', 'outbound']),
  /** Caller number as received (any format); the backend normalises it. */
  from: z.string().max(128),
  /** Caller display name: hostile input, stored as text and capped. */
  fromName: z.string().max(2048).nullable(),
  /** Dialed number or extension. */
  to: z.string().max(128),
  /** For outbound calls: the extension that placed the call. */
  extension: z.string().max(64).nullable().optional(),
  /** For click-to-call: the deal the call was placed from, when the PBX passes it on. */
  dealId: z.uuid().nullable().optional(),
});

export const CallRinging = CallEventBase.extend({
  type: z.literal('ringing'),
  extension: z.string().min(1).max(64),
});

export const CallAnswered = CallEventBase.extend({
  type: z.literal('answered'),
  /** Extension that answered; null for an outbound call answered by the far end. */
  extension: z.string().min(1).max(64).nullable(),
});

/**
 * Why a call ended, where the PBX (or whoever ends it) knows: `timeout` covers dialog, media and
 * keepalive timeouts; `reconciled`: the CRM ended it because the SIP server had no live dialog.
 */
export const CallEndReason = z.enum([
  'caller_hangup',
  'callee_hangup',
  'timeout',
  'transport_closed',
  'reconciled',
  'cancelled',
  'rejected',
]);
export type CallEndReason = z.infer<typeof CallEndReason>;

export const CallEnded = CallEventBase.extend({
  type: z.literal('ended'),
  hangupBy: z.enum(['caller', 'callee', 'system', 'unknown']),
  /** Optional; an unknown value makes the event invalid. */
  reason: CallEndReason.optional(),
});

export const CallMissed = CallEventBase.extend({
  type: z.literal('missed'),
  reason: z.enum(['no_answer', 'caller_cancelled', 'nobody_available', 'busy', 'rejected', 'failed']),
});

export const CallEvent = z.discriminatedUnion('type', [
  CallOffered,
  CallRinging,
  CallAnswered,
  CallEnded,
  CallMissed,
]);
export type CallEvent = z.infer<typeof CallEvent>;
export type CallEventType = CallEvent['type'];

export const CallEventBatch = z.object({ events: z.array(CallEvent).min(1).max(500) });
export type CallEventBatch = z.infer<typeof CallEventBatch>;

/**
 * Whom the SIP server should ring for a call to a sales number: groups rung one after the
 * other, each for `timeoutSec` (the last group until the caller gives up).
 */
export const RoutingDecision = z.object({
  groups: z.array(
    z.object({ extensions: z.array(z.string()), timeoutSec: z.number().int().min(1).max(600) }),
  ),
});
export type RoutingDecision = z.infer<typeof RoutingDecision>;
