import { z } from 'zod';
import { Presence } from './auth';
import { CallEndReason } from './call-events';
import { Id } from './common';
import { Deal } from './deals';

/** `transferred`: answered, then handed to another rep by a blind transfer that the target answered. */
export const CallOutcome = z.enum(['ringing', 'answered', 'completed', 'missed', 'transferred']);
export type CallOutcome = z.infer<typeof CallOutcome>;

/** One call as the CRM keeps it (one per SIP Call-ID). */
export const Call = z.object({
  id: Id,
  sipCallId: z.string(),
  direction: z.enum(['inbound', 'outbound']).nullable(),
  fromNumber: z.string().nullable(),
  fromRaw: z.string().nullable(),
  fromName: z.string().nullable(),
  toNumber: z.string().nullable(),
  toRaw: z.string().nullable(),
  userId: Id.nullable(),
  contactId: Id.nullable(),
  /** The contact's name, when the user may see the contact (null otherwise, or with no contact). */
  contactName: z.string().nullable().optional(),
  dealId: Id.nullable(),
  dealTitle: z.string().nullable(),
  offeredAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  answeredBy: Id.nullable(),
  answeredByName: z.string().nullable(),
  /** The rep who placed an outbound call, or who last had an inbound one. */
  userName: z.string().nullable().optional(),
  outcome: CallOutcome,
  missedReason: z.string().nullable(),
  hangupBy: z.string().nullable(),
  durationSec: z.number().int().nullable(),
  /** Why the call ended, when known (calls recorded before end reasons existed have none). */
  endReason: CallEndReason.nullable().optional(),
});
export type Call = z.infer<typeof Call>;

export const CallListQuery = z.object({
  kind: z.enum(['all', 'missed', 'inbound', 'outbound']).default('all'),
  dealId: Id.optional(),
  contactId: Id.optional(),
  /** A rep's calls (placed or answered by them): a Head any rep's, a Seller only their own (another's is ignored). */
  userId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The next page: the calls after this one (its `id`, from the last row of the previous page). */
  after: Id.optional(),
});
export type CallListQuery = z.infer<typeof CallListQuery>;

/** Short-lived SIP credentials for the signed-in user's browser phone. */
export const TelephonyCredentials = z.object({
  sipUri: z.string(),
  authUsername: z.string(),
  password: z.string(),
  /** An explicit SIP WebSocket URL set on the server (SIP_WS_URL); null: derive it with `phoneWebSocketUrl`. */
  wsUrl: z.string().nullable(),
  /** The SIP server's plain WebSocket port (for pages served over http). */
  wsPort: z.number().int().min(1).max(65535),
  /** The SIP server's secure WebSocket port (for pages served over https). */
  wssPort: z.number().int().min(1).max(65535),
  expiresAt: z.string(),
});
export type TelephonyCredentials = z.infer<typeof TelephonyCredentials>;

/**
 * The phone's SIP WebSocket URL as seen from the page at `page` (its `location`): the server's
 * explicit URL if it has one, else the page's own host on the WSS port (https page) or the WS
 * port (http page). Never `localhost`: the page's host is the one the user's machine reaches.
 */
export function phoneWebSocketUrl(
  credentials: Pick<TelephonyCredentials, 'wsUrl' | 'wsPort' | 'wssPort'>,
  page: { protocol: string; hostname: string },
): string {
  if (credentials.wsUrl) return credentials.wsUrl;
  const secure = page.protocol === 'https:';
  // location.hostname keeps an IPv6 address's brackets; add them if a caller passes it bare
  const host = page.hostname.includes(':') && !page.hostname.startsWith('[') ? `[${page.hostname}]` : page.hostname;
  return `${secure ? 'wss' : 'ws'}://${host}:${secure ? credentials.wssPort : credentials.wsPort}`;
}

export const RoutingSettings = z.object({
  /** How long the known caller's owner rings alone before everyone available rings. */
  ownerFirstSeconds: z.number().int().min(0).max(120),
  /** How long everyone available rings before the call counts as missed. */
  ringAllSeconds: z.number().int().min(5).max(600),
});
export type RoutingSettings = z.infer<typeof RoutingSettings>;

export const SetPresenceRequest = z.object({ presence: Presence.exclude(['on_call']) });
export type SetPresenceRequest = z.infer<typeof SetPresenceRequest>;

/** Screen pop: sent to each ringing rep before they answer. */
export const CallRingingPayload = z.object({
  callId: z.string(),
  from: z.string().nullable(),
  fromName: z.string().nullable(),
  contact: z.object({ id: Id, name: z.string() }).nullable(),
  deal: Deal.nullable(),
});
export type CallRingingPayload = z.infer<typeof CallRingingPayload>;

/**
 * To the rep who answered (in the browser or on a desk phone) or placed the call: its deal and
 * contact, each only if that rep may see it (else null). The browser opens the deal on an inbound
 * answer (issue 16) and links both from the call.
 */
export const CallAnsweredPayload = z.object({
  callId: z.string(),
  deal: Deal.nullable(),
  direction: z.enum(['inbound', 'outbound']),
  contact: z.object({ id: Id, name: z.string() }).nullable(),
});
export type CallAnsweredPayload = z.infer<typeof CallAnsweredPayload>;
/** Sent to the other ringing reps: someone else took it, close the panel. */
export const CallTakenPayload = z.object({ callId: z.string(), byUserId: Id.nullable(), byName: z.string().nullable() });
export const CallEndedPayload = z.object({ callId: z.string(), outcome: CallOutcome, durationSec: z.number().nullable() });
/**
 * A finished call was written to its deal's timeline and its contact's history; to everyone who
 * may see the deal (and the reps it rang), so open record pages refresh without a reload.
 */
export const CallLoggedPayload = z.object({ callId: z.string(), dealId: Id.nullable(), contactId: Id.nullable(), outcome: CallOutcome });
export type CallLoggedPayload = z.infer<typeof CallLoggedPayload>;
