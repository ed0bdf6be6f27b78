import { Injectable, Logger } from '@nestjs/common';
import type { Call, CallEvent, CallListQuery, CallRingingPayload, User } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { ContactsService } from '../contacts/contacts.service';
import { toDeal, type DealRow } from '../deals/deals.repository';
import { DealsService } from '../deals/deals.service';
import { RealtimeService } from '../realtime/realtime.service';
import { UsersService } from '../users/users.service';
import { cleanDisplayName } from './display-name';
import { CallsRepository, type CallRecord } from './calls.repository';
import { TransfersService } from './transfers.service';

/** Realtime messages decided inside the transaction, sent after it commits. */
type Notice = () => Promise<void> | void;

/**
 * Applies PBX call events to call records and their deals. Every event is an idempotent update
 * of the call's row (locked for the transaction); the effects on the deal (create, assign, mark
 * missed, log) are each applied once, guarded by flags on that row.
 */
@Injectable()
export class CallsService {
  private readonly logger = new Logger(CallsService.name);

  constructor(
    private readonly calls: CallsRepository,
    private readonly deals: DealsService,
    private readonly contacts: ContactsService,
    private readonly users: UsersService,
    private readonly realtime: RealtimeService,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
    private readonly transfers: TransfersService,
  ) {}

  list(actor: Actor, query: CallListQuery): Promise<Call[]> {
    return this.calls.list(actor, query);
  }

  async apply(event: CallEvent): Promise<void> {
    const pending = new PendingEvents();
    const notices: Notice[] = [];
    // Resolved before the transaction: nothing inside it may wait for a second pool connection.
    const extension = 'extension' in event ? event.extension : null;
    const user = extension ? await this.users.findByExtension(extension) : null;
    await this.tx.run(async (tx) => {
      const call = await this.calls.lockOrCreate(event.callId, tx);
      const changes = this.record(call, event, user, notices);
      Object.assign(call, changes);
      Object.assign(changes, await this.reconcile(call, tx, pending, notices));
      await this.calls.save(call.id, changes, tx);
    });
    pending.publish(this.events);
    for (const notice of notices) await notice();
  }

  /** What the event itself says about the call; the first word on each fact wins. */
  private record(call: CallRecord, e: CallEvent, user: User | null, notices: Notice[]): Partial<CallRecord> {
    const at = new Date(e.at);
    switch (e.type) {
      case 'offered': {
        if (call.direction) return {};
        return {
          direction: e.direction,
          fromRaw: e.from.slice(0, 128),
          fromNumber: this.contacts.normalize(e.from),
          fromName: cleanDisplayName(e.fromName),
          toRaw: e.to.slice(0, 128),
          toNumber: this.contacts.normalize(e.to),
          extension: e.extension ?? null,
          userId: e.direction === 'outbound' ? (user?.id ?? null) : null,
          offeredAt: at,
          dealId: call.dealId ?? e.dealId ?? null,
        };
      }
      case 'ringing': {
        if (!user || call.rangUserIds.includes(user.id)) return {};
        if (!call.answeredAt && !call.missedReason) notices.push(() => this.notifyRinging(call, [user.id]));
        return { rangUserIds: [...call.rangUserIds, user.id] };
      }
      case 'answered': {
        if (call.answeredAt) return {};
        return {
          answeredAt: at,
          answeredExtension: e.extension,
          answeredBy: user?.id ?? (call.direction === 'outbound' ? call.userId : null),
          outcome: call.endedAt ? 'completed' : 'answered',
          // an answer outranks a miss reported by a losing branch
          missedReason: null,
        };
      }
      case 'ended': {
        if (call.endedAt && call.hangupBy) return {};
        return { endedAt: call.endedAt ?? at, hangupBy: e.hangupBy };
      }
      case 'missed': {
        if (call.answeredAt || call.missedReason) return {};
        return { missedReason: e.reason, outcome: 'missed', endedAt: call.endedAt ?? at };
      }
    }
  }

  /** Brings the deal in line with what is known of the call; each effect happens once. */
  private async reconcile(call: CallRecord, tx: Tx, pending: PendingEvents, notices: Notice[]): Promise<Partial<CallRecord>> {
    const changes: Partial<CallRecord> = {};
    const ref = { callId: call.sipCallId };

    if (!call.dealCreated && call.direction) {
      const { contactId, deal } = await this.findOrCreateDeal(call, tx, pending);
      Object.assign(changes, { contactId, dealId: deal?.id ?? null, dealCreated: true });
      Object.assign(call, changes);
      // reps already ringing get the full screen pop now that the deal is known
      if (call.rangUserIds.length && !call.answeredAt && !call.missedReason) {
        notices.push(() => this.notifyRinging(call, call.rangUserIds));
      }
    }

    if (call.dealCreated && call.answeredAt && !call.answerApplied) {
      changes.answerApplied = true;
      let deal: DealRow | null = null;
      // a blind transfer answered by its target: the deal (and this call) follow the target
      const transfer = await this.transfers.completeOnAnswer(call, tx);
      if (transfer?.dealId && call.dealId !== transfer.dealId) call.dealId = changes.dealId = transfer.dealId;
      if (call.dealId) {
        const current = await this.deals.findById(call.dealId, tx);
        const take = call.direction === 'inbound' && call.answeredBy && (current?.ownerId === null || transfer);
        deal = await this.deals.changeAsSystem(
          call.dealId,
          {
            ownerId: take ? call.answeredBy! : undefined,
            missed: false,
            lastContactAt: call.answeredAt,
            ...(call.direction === 'inbound' ? { moveToKey: 'new', onlyFromGroup: 'inbox' as const } : {}),
          },
          tx,
          pending,
          transfer ? { ...ref, transferId: transfer.id } : ref,
        );
        if (transfer) await this.transfers.logTransferred(transfer, call, null, tx);
      }
      pending.add('call.answered', {
        callId: call.sipCallId,
        dealId: call.dealId,
        userId: call.answeredBy,
        direction: call.direction!,
        at: call.answeredAt,
      });
      const answeredBy = call.answeredBy;
      const rep = answeredBy && !call.endedAt ? await this.users.markOnCall(answeredBy, tx) : null;
      if (rep) notices.push(() => this.realtime.presenceChanged(rep));
      const others = call.rangUserIds.filter((id) => id !== answeredBy);
      notices.push(async () => {
        const byName = answeredBy ? ((await this.users.findActive(answeredBy))?.name ?? null) : null;
        if (answeredBy) this.realtime.toUsers([answeredBy], 'call.answered', { callId: call.sipCallId, deal: deal && toDeal(deal) });
        this.realtime.toUsers(others, 'call.taken', { callId: call.sipCallId, byUserId: answeredBy, byName });
      });
    }

    if (call.dealCreated && call.missedReason && !call.answeredAt && !call.missApplied) {
      changes.missApplied = true;
      if (call.dealId && call.direction === 'inbound') {
        const deal = await this.deals.changeAsSystem(call.dealId, { missed: true }, tx, pending, ref);
        await this.calls.insertCallBackTask(
          {
            title: `Call back ${call.fromNumber ?? call.fromRaw ?? 'the caller'}`,
            dueAt: call.endedAt ?? new Date(),
            assigneeId: deal?.ownerId ?? null,
            dealId: call.dealId,
            contactId: call.contactId,
            callId: call.id,
          },
          tx,
        );
      }
      pending.add('call.missed', {
        callId: call.sipCallId,
        dealId: call.dealId,
        direction: call.direction!,
        reason: call.missedReason,
        at: call.endedAt ?? new Date(),
      });
    }

    const finished = call.endedAt && (call.answeredAt || call.missedReason);
    if (call.dealCreated && finished && !call.endApplied) {
      const durationSec = call.answeredAt ? Math.max(0, Math.round((call.endedAt!.getTime() - call.answeredAt.getTime()) / 1000)) : null;
      const outcome = !call.answeredAt ? 'missed' : (await this.transfers.wasTransferred(call.id, tx)) ? 'transferred' : 'completed';
      Object.assign(changes, { endApplied: true, durationSec, outcome });
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
            outcome: changes.outcome,
            missedReason: call.missedReason,
            answeredBy: call.answeredBy,
            hangupBy: call.hangupBy,
            durationSec,
          },
          tx,
        );
      }
      if (call.answeredBy) {
        const rep = await this.users.releaseFromCall(call.answeredBy, call.id, tx);
        if (rep) notices.push(() => this.realtime.presenceChanged(rep));
      }
      pending.add('call.ended', { callId: call.sipCallId, dealId: call.dealId, direction: call.direction!, durationSec, at: call.endedAt! });
      const audience = [...new Set([...call.rangUserIds, ...(call.userId ? [call.userId] : [])])];
      notices.push(() =>
        this.realtime.toUsers(audience, 'call.ended', { callId: call.sipCallId, outcome, durationSec }),
      );
    }
    return changes;
  }

  private async findOrCreateDeal(
    call: CallRecord,
    tx: Tx,
    pending: PendingEvents,
  ): Promise<{ contactId: string | null; deal: { id: string } | null }> {
    const ref = { callId: call.sipCallId };
    if (call.direction === 'outbound') {
      // A click-to-call names its deal; otherwise the callee's open deal, the caller's own first.
      if (call.dealId) return { contactId: (await this.deals.findById(call.dealId, tx))?.contactId ?? null, deal: { id: call.dealId } };
      const [contact] = call.toNumber ? await this.contacts.findByPhone(call.toNumber, tx) : [];
      if (!contact) return { contactId: null, deal: null };
      const open = await this.deals.openDealsOfContact(contact.id, tx);
      const deal = open.find((d) => d.ownerId === call.userId) ?? open[0] ?? null;
      return { contactId: contact.id, deal };
    }
    // a transferred call arrives linked to its deal (TransfersService.route)
    if (call.dealId) return { contactId: (await this.deals.findById(call.dealId, tx))?.contactId ?? null, deal: { id: call.dealId } };
    if (!call.fromNumber) {
      const deal = await this.deals.createAsSystem(
        { title: `Call from ${call.fromName || 'an unknown number'}`.slice(0, 200), contactId: null, source: 'inbound_call', stageKey: 'unsorted' },
        tx,
        pending,
        ref,
      );
      return { contactId: null, deal };
    }
    const contact = await this.contacts.findOrCreateByPhone(call.fromNumber, call.fromName || call.fromNumber, tx);
    const [open] = await this.deals.openDealsOfContact(contact.id, tx);
    if (open) return { contactId: contact.id, deal: open };
    const deal = await this.deals.createAsSystem(
      { title: `Call from ${call.fromNumber}`, contactId: contact.id, source: 'inbound_call', stageKey: 'unsorted' },
      tx,
      pending,
      ref,
    );
    this.logger.log(`call ${call.sipCallId}: deal ${deal.id} created in Unsorted`);
    return { contactId: contact.id, deal };
  }

  private async notifyRinging(call: CallRecord, userIds: string[]): Promise<void> {
    const deal = call.dealId ? await this.deals.findById(call.dealId) : null;
    // the target of a transfer sees the deal that is being handed to them
    const transferTarget = deal ? await this.transfers.targetOf(call.sipCallId) : null;
    for (const userId of userIds) {
      const user = await this.users.findActive(userId);
      if (!user) continue;
      const actor: Actor = { id: user.id, role: user.role, name: user.name };
      const visible = deal && (this.deals.canSee(actor, deal) || userId === transferTarget) ? deal : null;
      const payload: CallRingingPayload = {
        callId: call.sipCallId,
        from: call.fromNumber ?? call.fromRaw,
        fromName: call.fromName,
        contact: deal?.contactId && visible ? { id: deal.contactId, name: deal.contactName ?? '' } : null,
        deal: visible ? toDeal(visible) : null,
      };
      // RealtimeService checks the deal against the receiver again (not awaited: it keeps the user's order
      // itself, and the call-events answer need not wait for it); the transfer target is let through
      void this.realtime.toUsers([userId], 'call.ringing', payload, { dealAlsoVisibleTo: transferTarget ? [transferTarget] : [] });
    }
  }
}
