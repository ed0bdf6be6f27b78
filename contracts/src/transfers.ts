import { z } from 'zod';
import { Id } from './common';
import { RoutingDecision } from './call-events';

/** How long a transfer token may wait for the carrier's new INVITE. */
export const TRANSFER_TOKEN_TTL_SECONDS = 120;

/** The SIP header (embedded in the Refer-To URI) that carries the transfer token. */
export const TRANSFER_HEADER = 'X-Callboard-Transfer';

/**
 * The consult call of an attended transfer, as the transferring softphone sees its dialog with the
 * target: SIP Call-ID, the target's tag (`toTag`, the remote tag) and the rep's own (`fromTag`).
 * It becomes the Replaces header (RFC 3891) of the carrier's new INVITE toward the target.
 */
export const ConsultDialog = z.object({
  callId: z.string().regex(/^[A-Za-z0-9._~+!*@:-]{1,200}$/, 'not a SIP Call-ID'),
  toTag: z.string().regex(/^[A-Za-z0-9._~+!*-]{1,100}$/, 'not a SIP tag'),
  fromTag: z.string().regex(/^[A-Za-z0-9._~+!*-]{1,100}$/, 'not a SIP tag'),
});
export type ConsultDialog = z.infer<typeof ConsultDialog>;

/**
 * `POST /api/calls/:callId/transfer`: transfer a live call (inbound or outbound) to another rep.
 * Without `consult` it is blind; with it, attended: the caller replaces the rep in the consult call.
 */
export const TransferCallRequest = z.object({ toUserId: Id, consult: ConsultDialog.optional() });
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
  /**
   * Blind, inbound: `sip:<dialled number>@<domain>?X-Callboard-Transfer=<token>`; blind, outbound:
   * `sip:<target extension>@<domain>?X-Callboard-Transfer=<token>`; attended:
   * `sip:<target extension>@<domain>?Replaces=<consult dialog, URI-encoded>&X-Callboard-Transfer=<token>`.
   */
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
  /** Kept for old clients: calls of both directions can be transferred now. */
  'not_inbound',
  /** An attended transfer's consult call is the call being transferred. */
  'consult_is_call',
  /** An attended transfer to a rep without an extension the SIP server can reach. */
  'target_no_extension',
]);
export type TransferRefusal = z.infer<typeof TransferRefusal>;

/**
 * The routing answer for an INVITE that carries a transfer token: `accepted` rings only the
 * groups given (the target rep); `rejected` (unknown, expired or used token) makes the SIP
 * server refuse the INVITE without ringing anyone or emitting call events.
 */
export const TransferRoutingDecision = RoutingDecision.extend({ transfer: z.enum(['accepted', 'rejected']) });
export type TransferRoutingDecision = z.infer<typeof TransferRoutingDecision>;
