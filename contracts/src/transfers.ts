import { z } from 'zod';
import { Id } from './common';
import { RoutingDecision } from './call-events';

/** How long a transfer token may wait for the carrier's new INVITE. */
export const TRANSFER_TOKEN_TTL_SECONDS = 120;

/** The SIP header (embedded in the Refer-To URI) that carries the transfer token. */
export const TRANSFER_HEADER = 'X-Callboard-Transfer';

/** `POST /api/calls/:callId/transfer`: blind transfer of a live call to another rep. */
export const TransferCallRequest = z.object({ toUserId: Id });
export type TransferCallRequest = z.infer<typeof TransferCallRequest>;

/**
 * A pending transfer. The softphone sends REFER with `referTo`; the carrier copies the embedded
 * header into its new INVITE, and the SIP server asks the backend to verify the token.
 */
export const TransferCallResponse = z.object({
  transferId: Id,
  /** SIP Call-ID of the call being transferred. */
  callId: z.string(),
  toUserId: Id,
  toName: z.string(),
  /** `sip:<dialled number>@<domain>?X-Callboard-Transfer=<token>` */
  referTo: z.string(),
  expiresAt: z.string(),
});
export type TransferCallResponse = z.infer<typeof TransferCallResponse>;

/** Why a transfer request was refused (`details.reason` of the API error). */
export const TransferRefusal = z.enum([
  'call_not_found',
  'call_not_live',
  'not_on_call',
  'target_not_found',
  'target_is_actor',
  'not_inbound',
]);
export type TransferRefusal = z.infer<typeof TransferRefusal>;

/**
 * The routing answer for an INVITE that carries a transfer token: `accepted` rings only the
 * groups given (the target rep); `rejected` (unknown, expired or used token) makes the SIP
 * server refuse the INVITE without ringing anyone or emitting call events.
 */
export const TransferRoutingDecision = RoutingDecision.extend({ transfer: z.enum(['accepted', 'rejected']) });
export type TransferRoutingDecision = z.infer<typeof TransferRoutingDecision>;
