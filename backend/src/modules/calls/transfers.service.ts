import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import {
  type ConsultDialog,
  TRANSFER_HEADER,
  TRANSFER_TOKEN_TTL_SECONDS,
  type TransferCallResponse,
  type TransferRefusal,
  type TransferRoutingDecision,
} from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { AppException } from '../../common/errors/app.exception';
import { Transactions, type Tx } from '../../common/database/transactions';
import { ENV, type Env } from '../../config/env';
import { DealsService } from '../deals/deals.service';
import { UsersService } from '../users/users.service';
import { CallsRepository, type CallRecord } from './calls.repository';
import { TransfersRepository, type TransferRecord } from './transfers.repository';

/** A refused transfer request: the code maps to the HTTP status, `details.reason` says why. */
export class TransferException extends AppException {
  constructor(code: 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'USER_NOT_FOUND' | 'VALIDATION_FAILED', reason: TransferRefusal, message: string) {
    super(code, message, { reason });
  }
}

/** How long the target rings before the transferred call counts as missed. */
const TARGET_RING_SECONDS = 45;

const REJECTED: TransferRoutingDecision = { transfer: 'rejected', groups: [] };

/**
 * Blind transfer by REFER (ADR 0005). The rep's softphone asks for a single-use token, sends
 * REFER with a Refer-To that embeds it, the carrier places a new call carrying the token, the
 * SIP server asks {@link route} whom to ring, and {@link completeOnAnswer} hands the deal over
 * when the target answers.
 */
@Injectable()
export class TransfersService {
  private readonly logger = new Logger(TransfersService.name);

  constructor(
    private readonly transfers: TransfersRepository,
    private readonly calls: CallsRepository,
    private readonly users: UsersService,
    private readonly deals: DealsService,
    private readonly tx: Transactions,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /**
   * Issues the Refer-To for a transfer of a live call. Blind without `consult`: an inbound call
   * goes back in on the number the caller dialled (the carrier routes it to us), an outbound one on
   * the target's extension (there is no number of ours in it). Attended with `consult` (the rep's
   * dialog with the target): the target's extension with a Replaces header naming that dialog.
   */
  async request(actor: Actor, sipCallId: string, toUserId: string, consult?: ConsultDialog): Promise<TransferCallResponse> {
    const call = await this.calls.findBySipCallId(sipCallId);
    if (!call || !call.direction) throw new TransferException('NOT_FOUND', 'call_not_found', 'No such call');
    const rep = call.answeredBy ?? (call.direction === 'outbound' ? call.userId : null);
    if (!isHead(actor) && rep !== actor.id) {
      throw new TransferException('FORBIDDEN', 'not_on_call', 'Only the rep on the call (or a Head) can transfer it');
    }
    if (!call.answeredAt || call.endedAt || !rep) throw new TransferException('CONFLICT', 'call_not_live', 'The call is not in progress');
    if (consult && consult.callId === sipCallId) {
      throw new TransferException('VALIDATION_FAILED', 'consult_is_call', 'The consult call must be another call than the one transferred');
    }
    if (toUserId === actor.id || toUserId === rep) {
      throw new TransferException('VALIDATION_FAILED', 'target_is_actor', 'Choose another rep than the one on the call');
    }
    const target = await this.users.findActive(toUserId);
    if (!target) throw new TransferException('USER_NOT_FOUND', 'target_not_found', 'That rep does not exist or is inactive');

    const dialled = call.direction === 'inbound' ? dialledNumber(call) : null;
    const referUser = consult || !dialled ? target.extension : dialled;
    if (!referUser) throw new TransferException('CONFLICT', 'target_no_extension', 'That rep has no phone extension');

    const token = randomBytes(18).toString('base64url');
    const expiresAt = new Date(Date.now() + TRANSFER_TOKEN_TTL_SECONDS * 1000);
    const id = await this.transfers.insert({
      token,
      callId: call.id,
      dealId: call.dealId,
      fromUserId: rep,
      toUserId,
      requestedBy: actor.id,
      expiresAt,
      referUser,
      replacesCallId: consult?.callId ?? null,
    });
    const kind = consult ? `attended (consult ${consult.callId})` : 'blind';
    this.logger.log(`call ${sipCallId}: ${kind} transfer ${id} to ${toUserId} requested by ${actor.id} (deal ${call.dealId ?? '-'})`);
    // RFC 3891: to-tag is the target's own tag in the consult dialog, from-tag the rep's
    const replaces = consult ? `Replaces=${encodeURIComponent(`${consult.callId};to-tag=${consult.toTag};from-tag=${consult.fromTag}`)}&` : '';
    return {
      transferId: id,
      callId: sipCallId,
      toUserId,
      toName: target.name,
      referTo: `sip:${referUser}@${this.env.SIP_DOMAIN}?${replaces}${TRANSFER_HEADER}=${token}`,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /**
   * Whom to ring for a carrier INVITE that carries a transfer token: only the target rep. The
   * token must be known, unexpired and not claimed by another call; the first INVITE claims it
   * (its retransmissions and retries with the same Call-ID still pass).
   */
  async route(token: string, newSipCallId: string | undefined): Promise<TransferRoutingDecision> {
    if (!newSipCallId || !/^[A-Za-z0-9_-]{16,64}$/.test(token)) return REJECTED;
    const claimed = await this.tx.run(async (tx) => {
      const t = await this.transfers.lockByToken(token, tx);
      const refusal = !t
        ? 'unknown token'
        : t.consumedAt
          ? 'token already used'
          : t.newSipCallId && t.newSipCallId !== newSipCallId
            ? `token claimed by call ${t.newSipCallId}`
            : !t.newSipCallId && t.expiresAt.getTime() <= Date.now()
              ? 'token expired'
              : null;
      if (refusal || !t) {
        this.logger.warn(`call ${newSipCallId}: transfer refused (${refusal})`);
        return null;
      }
      if (!t.newSipCallId) await this.transfers.claim(t.id, newSipCallId, tx);
      // the carrier's new call belongs to the transferred deal (the offered event may come later)
      const call = await this.calls.lockOrCreate(newSipCallId, tx);
      if (!call.dealCreated && !call.dealId && t.dealId) await this.calls.save(call.id, { dealId: t.dealId }, tx);
      return t;
    });
    if (!claimed) return REJECTED;
    const target = await this.users.findActive(claimed.toUserId);
    this.logger.log(`call ${newSipCallId}: transfer ${claimed.id} of ${claimed.originalSipCallId} rings ${target?.extension ?? 'nobody'}`);
    // an offline or deactivated target: no groups, so the call is missed as usual
    if (!target || target.presence === 'offline') return { transfer: 'accepted', groups: [] };
    return { transfer: 'accepted', groups: [{ extensions: [target.extension], timeoutSec: TARGET_RING_SECONDS }] };
  }

  /**
   * May a REFER inside call `sipCallId` carry this token (ADR 0005, ADR 0009)? Only while it is
   * pending for that very call: known, unexpired, not claimed by a carrier INVITE, not used.
   * Reads only: the token is claimed later by {@link route}, when the carrier's INVITE arrives.
   */
  async isPendingFor(token: string, sipCallId: string, referTo: ReferToFacts = {}): Promise<boolean> {
    const refusal = await this.referRefusal(token, sipCallId, referTo);
    if (refusal) this.logger.warn(`call ${sipCallId}: REFER refused (${refusal})`);
    return !refusal;
  }

  private async referRefusal(token: string, sipCallId: string, referTo: ReferToFacts): Promise<string | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return 'malformed token';
    const t = await this.transfers.findByToken(token);
    if (!t || t.originalSipCallId !== sipCallId) return 'token not issued for this call';
    if (t.newSipCallId || t.consumedAt || t.expiresAt.getTime() <= Date.now()) return 'token no longer pending';
    // rows issued before issue 16 carry no Refer-To facts: the token alone decides, as it did
    if (t.referUser && referTo.user !== undefined && referTo.user !== t.referUser) return `Refer-To user ${referTo.user} is not the one issued`;
    if ((referTo.replaces ?? null) !== t.replacesCallId) return 'Replaces does not name the consult call issued';
    if (t.replacesCallId) {
      // the SIP server's view of that dialog: live, and between the rep and the target (either way)
      const parties = (referTo.consult ?? '').split(':');
      const expected = [t.fromExtension, t.toExtension];
      const same = parties.length === 2 && parties.every((p) => expected.includes(p)) && parties[0] !== parties[1];
      if (!same) return `consult call ${t.replacesCallId} is not live between ${t.fromExtension} and ${t.toExtension} (${referTo.consult || 'unknown'})`;
    }
    return null;
  }

  /**
   * Inside the answered call's transaction: when this call is a claimed transfer, consume it
   * (once) and say who gets the deal. The caller applies the owner change with the answer.
   */
  async completeOnAnswer(call: CallRecord, tx: Tx): Promise<TransferRecord | null> {
    if (call.direction !== 'inbound' || !call.answeredBy) return null;
    const t = await this.transfers.lockByNewCall(call.sipCallId, tx);
    if (!t || t.consumedAt) return null;
    await this.transfers.consume(t.id, tx);
    await this.transfers.markCallTransferred(t.callId, tx);
    return t;
  }

  /** The `transferred` timeline entry: from whom to whom, on which calls. */
  async logTransferred(t: TransferRecord, call: CallRecord, toName: string | null, tx: Tx): Promise<void> {
    if (!t.dealId) return;
    await this.deals.addTimelineEvent(
      t.dealId,
      'transferred',
      t.requestedBy,
      {
        fromUserId: t.fromUserId,
        fromUserName: t.fromUserName,
        toUserId: call.answeredBy,
        toUserName: call.answeredBy === t.toUserId ? t.toUserName : toName,
        callId: t.originalSipCallId,
        newCallId: call.sipCallId,
      },
      tx,
    );
    this.logger.log(`call ${call.sipCallId}: transfer ${t.id} answered, deal ${t.dealId} now ${call.answeredBy}'s`);
  }

  /** The rep a carrier call that claimed a transfer token is meant for (null for any other call). */
  async targetOf(newSipCallId: string): Promise<string | null> {
    return (await this.transfers.findByNewCall(newSipCallId))?.toUserId ?? null;
  }

  wasTransferred(callId: string, tx: Tx): Promise<boolean> {
    return this.transfers.wasTransferred(callId, tx);
  }
}

/** What the SIP server saw in a REFER's Refer-To (refer-check), compared with what was issued. */
export interface ReferToFacts {
  /** The Refer-To's user part (absent: not said, as before issue 16). */
  user?: string;
  /** The Call-ID its Replaces names (absent: no Replaces). */
  replaces?: string;
  /** `<caller ext>:<callee ext>` of that live dialog, as the SIP server knows it ('' = none). */
  consult?: string;
}

/**
 * The number the caller dialled: the carrier routes it to us, so it carries the new call. Null
 * when the call did not come in on a number (a call that itself reached a rep's extension).
 */
function dialledNumber(call: CallRecord): string | null {
  const raw = call.toRaw ?? '';
  if (/^[+0-9*#]{7,32}$/.test(raw)) return raw;
  const n = (call.toNumber ?? '').replace(/[^+0-9*#]/g, '');
  return n.length >= 7 ? n : null;
}
