import { Injectable, Logger } from '@nestjs/common';
import type { CallOutcome, CallRingingPayload, User } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { dealAudience, dealRooms, HEADS_ROOM, userRoom } from '../../common/access/deal-visibility';
import { rehearsing, type Tx } from '../../common/database/transactions';
import type { PendingEvents } from '../../common/events/pending-events';
import type { Words } from '../../i18n/catalogue';
import { ContactsService } from '../contacts/contacts.service';
import { toDeal, type DealRow } from '../deals/deals.types';
import { DealsService } from '../deals/deals.service';
import { callRooms, RealtimeService } from '../realtime/realtime.service';
import { TasksService } from '../tasks/tasks.service';
import { UsersService } from '../users/users.service';
import { WrapUpsService } from '../wrap-ups/wrap-ups.service';
import type { CallEffect } from './call-facts';
import { CallsRepository, type CallRecord } from './calls.repository';
import { TransfersService } from './transfers.service';

/** A realtime message decided inside the transaction, sent after it commits. */
export type Notice = () => Promise<void> | void;

/** What one event's transaction decided beyond the call row: domain events and messages for after commit. */
export interface CallOutcomes {
  pending: PendingEvents;
  notices: Notice[];
}

/**
 * Applies a call's effects to its deal, the rep's presence and the timeline, through the owning
 * modules' services, in the caller's transaction (the call row is locked already). Locks are
 * always taken in one order: call row, then deal row (FOR UPDATE before anything else touches
 * it), then user rows, last, after every deal change, so two calls of one rep or one deal never
 * wait on each other in a circle. Returns the call row's further changes.
 */
@Injectable()
export class CallDealPolicy {
  private readonly logger = new Logger(CallDealPolicy.name);

  constructor(
    private readonly calls: CallsRepository,
    private readonly deals: DealsService,
    private readonly contacts: ContactsService,
    private readonly users: UsersService,
    private readonly realtime: RealtimeService,
    private readonly transfers: TransfersService,
    private readonly tasks: TasksService,
    private readonly wrapUps: WrapUpsService,
  ) {}

  /** `words`: the team's, for what the system writes on shared records (a new deal's title, a call-back task's). */
  async apply(call: CallRecord, effects: CallEffect[], tx: Tx, out: CallOutcomes, words: Words): Promise<Partial<CallRecord>> {
    const changes: Partial<CallRecord> = {};
    const set = (more: Partial<CallRecord>) => {
      Object.assign(changes, more);
      Object.assign(call, more);
    };
    const ref = { callId: call.sipCallId };
    // the user phase: presence changes wait until every deal change is done
    let onCall: string | null = null;
    let release: string | null = null;

    for (const effect of effects) {
      switch (effect.kind) {
        case 'attach-deal': {
          const { contactId, dealId } = await this.attachDeal(call, tx, out.pending, words);
          set({ contactId, dealId });
          if (call.direction === 'outbound' && call.userId && dealId) await this.tasks.claimCallBacksOf(dealId, call.userId, tx, out.pending, ref);
          // a call offered: live call figures (the Heads', the wallboards') refetch
          out.notices.push(() => this.realtime.figuresChanged(callRooms(call.userId), 'calls'));
          break;
        }
        case 'screen-pop': {
          const userIds = effect.userIds;
          out.notices.push(() => this.screenPop(call, userIds));
          break;
        }
        case 'answer': {
          let deal: DealRow | null = null;
          // a blind transfer answered by its target: the deal (and this call) follow the target
          const transfer = await this.transfers.completeOnAnswer(call, tx);
          if (transfer?.dealId && call.dealId !== transfer.dealId) set({ dealId: transfer.dealId });
          if (call.dealId) {
            const current = await this.deals.findById(call.dealId, tx, true);
            const take = call.direction === 'inbound' && !!call.answeredBy && (current?.ownerId === null || !!transfer);
            deal = await this.deals.changeAsSystem(
              call.dealId,
              {
                ownerId: take ? call.answeredBy! : undefined,
                missed: false,
                lastContactAt: call.answeredAt!,
                ...(call.direction === 'inbound' ? { moveToKey: 'new', onlyFromGroup: 'inbox' as const } : {}),
              },
              tx,
              out.pending,
              transfer ? { ...ref, transferId: transfer.id } : ref,
            );
            if (transfer) await this.transfers.logTransferred(transfer, call, null, tx);
          }
          // the rep who transferred it owes no wrap-up: the one who has it now does, on this call
          if (transfer) {
            const dropped = await this.wrapUps.dropForTransferWithin(transfer.callId, tx);
            if (dropped) out.notices.push(dropped);
          }
          if (effect.undoMiss) await this.tasks.removeMissedCallBack(call.id, tx, out.pending);
          out.pending.add('call.answered', {
            callId: call.sipCallId,
            dealId: call.dealId,
            userId: call.answeredBy,
            direction: call.direction!,
            at: call.answeredAt!,
          });
          if (effect.markOnCall) onCall = effect.answeredBy;
          const { answeredBy, others } = effect;
          const told = { callId: call.sipCallId, direction: call.direction!, contactId: call.contactId };
          out.notices.push(() => this.tellAnswered(told, answeredBy, others, deal));
          break;
        }
        case 'miss': {
          if (call.dealId && call.direction === 'inbound') {
            const deal = await this.deals.changeAsSystem(call.dealId, { missed: true }, tx, out.pending, ref);
            await this.tasks.createMissedCallBack(
              { title: callBackTitle(words, call.fromNumber ?? call.fromRaw), dueAt: call.endedAt ?? new Date(), dealId: call.dealId, contactId: call.contactId, callId: call.id },
              tx,
              out.pending,
              deal ?? undefined,
            );
          }
          out.pending.add('call.missed', {
            callId: call.sipCallId,
            dealId: call.dealId,
            direction: call.direction!,
            reason: call.missedReason!,
            at: call.endedAt ?? new Date(),
            userId: call.answeredBy ?? call.userId ?? null,
          });
          break;
        }
        case 'end': {
          const outcome: CallOutcome = !call.answeredAt ? 'missed' : (await this.transfers.wasTransferred(call.id, tx)) ? 'transferred' : 'completed';
          set({ outcome, durationSec: effect.durationSec });
          if (call.dealId) {
            await this.deals.addTimelineEvent(
              call.dealId,
              'call',
              call.direction === 'outbound' ? call.userId : null,
              {
                callId: call.sipCallId,
                direction: call.direction,
                from: call.fromNumber ?? call.fromRaw,
                fromName: call.fromName,
                to: call.toNumber ?? call.toRaw,
                outcome,
                missedReason: call.missedReason,
                answeredBy: call.answeredBy,
                hangupBy: call.hangupBy,
                endReason: call.endReason,
                durationSec: effect.durationSec,
              },
              tx,
            );
          }
          if (effect.release) release = effect.release;
          // the rep's wrap-up panel opens after commit (the browser's own hang-up opens it sooner)
          const owed = await this.wrapUps.oweWithin({ ...call, outcome }, tx);
          if (owed) out.notices.push(owed);
          out.pending.add('call.ended', {
            callId: call.sipCallId,
            dealId: call.dealId,
            direction: call.direction!,
            durationSec: effect.durationSec,
            at: call.endedAt!,
            userId: call.answeredBy ?? call.userId ?? null,
          });
          const audience = effect.audience;
          out.notices.push(() =>
            this.realtime.toUsers(audience, 'call.ended', { callId: call.sipCallId, outcome, durationSec: effect.durationSec }),
          );
          // Open deal and contact pages refresh: those who may see the deal (as it is now), or, with
          // no deal, the Heads and the reps of the call.
          const deal = call.dealId ? await this.deals.findById(call.dealId, tx) : null;
          const rooms = deal ? dealRooms(dealAudience(deal)) : [HEADS_ROOM, ...audience.map(userRoom)];
          const logged = { callId: call.sipCallId, dealId: deal ? deal.id : null, contactId: call.contactId, outcome };
          out.notices.push(() => this.realtime.toRooms(rooms, 'call.logged', logged));
          break;
        }
      }
    }

    // Users last: after the deal rows, never before (see the class comment).
    if (onCall && onCall !== release) {
      const rep = await this.users.markOnCall(onCall, tx);
      if (rep) out.notices.push(() => this.realtime.presenceChanged(rep));
    }
    if (release) {
      const rep = await this.users.releaseFromCall(release, call.id, tx);
      if (rep) out.notices.push(() => this.realtime.presenceChanged(rep));
    }
    return changes;
  }

  /** The call's deal: the one it names (vetted before), the contact's open one, or a new one in Unsorted. */
  private async attachDeal(call: CallRecord, tx: Tx, pending: PendingEvents, words: Words): Promise<{ contactId: string | null; dealId: string | null }> {
    const ref = { callId: call.sipCallId };
    if (call.dealId) {
      // A click-to-call's deal (checked against the caller before the transaction), or a transferred
      // call's (TransfersService.route). Gone meanwhile: the call is kept without it.
      const named = await this.deals.lockLive(call.dealId, tx);
      if (named) return { contactId: named.contactId ?? null, dealId: named.id };
      this.logger.warn(`call ${call.sipCallId}: deal ${call.dealId} is gone; the call is recorded without a deal`);
      return { contactId: null, dealId: null };
    }
    if (call.direction === 'outbound') {
      // otherwise the callee's open deal, the caller's own first
      const [contact] = call.toNumber ? await this.contacts.findByPhone(call.toNumber, tx) : [];
      if (!contact) return { contactId: null, dealId: null };
      const open = await this.deals.openDealsOfContact(contact.id, tx);
      const deal = open.find((d) => d.ownerId === call.userId) ?? open[0] ?? null;
      return { contactId: contact.id, dealId: deal?.id ?? null };
    }
    if (!call.fromNumber) {
      const deal = await this.deals.createAsSystem(
        {
          title: (call.fromName ? words.t('calls.deal.callFrom', { from: call.fromName }) : words.t('calls.deal.callFromUnknown')).slice(0, 200),
          contactId: null,
          source: 'inbound_call',
          stageKey: 'unsorted',
        },
        tx,
        pending,
        ref,
      );
      return { contactId: null, dealId: deal.id };
    }
    // One contact per number (unique index): simultaneous first calls from it meet here.
    const contact = await this.contacts.findOrCreateByPhone(call.fromNumber, call.fromName || call.fromNumber, tx);
    const [open] = contact.created ? [] : await this.deals.openDealsOfContact(contact.id, tx);
    if (open) return { contactId: contact.id, dealId: open.id };
    const deal = await this.deals.createAsSystem(
      { title: words.t('calls.deal.callFrom', { from: call.fromNumber }), contactId: contact.id, source: 'inbound_call', stageKey: 'unsorted' },
      tx,
      pending,
      ref,
    );
    if (!rehearsing()) this.logger.log(`call ${call.sipCallId}: deal ${deal.id} created in Unsorted`);
    return { contactId: contact.id, dealId: deal.id };
  }

  /**
   * The answerer gets the deal and its contact (only what they may see: their browser opens it,
   * issue 16); a call with no deal, its contact if they may see it. The other ringing reps hear
   * it was taken.
   */
  private async tellAnswered(
    call: { callId: string; direction: 'inbound' | 'outbound'; contactId: string | null },
    answeredBy: string | null,
    others: string[],
    deal: DealRow | null,
  ): Promise<void> {
    const { callId } = call;
    const answerer = answeredBy ? await this.users.findActive(answeredBy) : null;
    if (answerer) {
      const actor = actorOf(answerer);
      const visible = deal && this.deals.canSee(actor, deal) ? toDeal(deal) : null;
      const contact = visible
        ? visible.contactId
          ? { id: visible.contactId, name: visible.contactName ?? '' }
          : null
        : !deal && call.contactId
          ? await this.contacts.get(actor, call.contactId).then(
              (c) => ({ id: c.id, name: c.name }),
              () => null,
            )
          : null;
      // toUsers checks the deal again as it is at sending time (and drops the contact with it)
      this.realtime.toUsers([answerer.id], 'call.answered', { callId, deal: visible, direction: call.direction, contact });
    }
    this.realtime.toUsers(others, 'call.taken', { callId, byUserId: answeredBy, byName: answerer?.name ?? null });
  }

  private async screenPop(call: CallRecord, userIds: string[]): Promise<void> {
    const deal = call.dealId ? await this.deals.findById(call.dealId) : null;
    // the target of a transfer sees the deal that is being handed to them
    const transferTarget = deal ? await this.transfers.targetOf(call.sipCallId) : null;
    const payload: CallRingingPayload = {
      callId: call.sipCallId,
      from: call.fromNumber ?? call.fromRaw,
      fromName: call.fromName,
      contact: deal?.contactId ? { id: deal.contactId, name: deal.contactName ?? '' } : null,
      deal: deal ? toDeal(deal) : null,
    };
    // One send for every ringing phone: RealtimeService reads the deal's audience once and gives each
    // receiver the deal and its contact only if they may see it (else `deal: null, contact: null`).
    // Not awaited: it keeps each user's order itself, and the call-events answer need not wait for it.
    void this.realtime.toUsers(userIds, 'call.ringing', payload, { dealAlsoVisibleTo: transferTarget ? [transferTarget] : [] });
  }
}

export function actorOf(user: Pick<User, 'id' | 'role' | 'name'>): Actor {
  return { id: user.id, role: user.role, name: user.name };
}

/** A missed call's call-back task, "Call back +3630...", in the team's words. */
function callBackTitle(words: Words, number: string | null): string {
  return words.t('calls.task.callBack', { hasNumber: number ? 'yes' : 'no', number: number ?? '' }).slice(0, 200);
}
