import { Injectable, Logger } from '@nestjs/common';
import type { SaveWrapUpRequest, WrapUp, WrapUpListQuery, WrapUpOutcomesSettings } from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { dealAudience, dealRooms } from '../../common/access/deal-visibility';
import { Clock } from '../../common/clock/clock';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { AutomationOutboxService } from '../automation/automation-outbox.service';
import { WebhookOutboxService } from '../webhooks/webhook-outbox.service';
import { DealsService } from '../deals/deals.service';
import { RealtimeService } from '../realtime/realtime.service';
import { TasksService } from '../tasks/tasks.service';
import { type EndedCallFacts, isSameSave, owedWrapUp } from './wrap-up-rules';
import { WrapUpsRepository } from './wrap-ups.repository';
import { WrapUpException } from './wrap-ups.exception';

/** A realtime message decided in a transaction, sent after it commits. */
type Notice = () => Promise<void> | void;

/**
 * Wrap-ups after calls: owed when a call ends (in the calls path's transaction), saved by their
 * rep (outcome, note, next task) with the rules' event in the same transaction, listed on the
 * rep's Today list until done or dismissed.
 */
@Injectable()
export class WrapUpsService {
  private readonly logger = new Logger(WrapUpsService.name);

  constructor(
    private readonly repo: WrapUpsRepository,
    private readonly tasks: TasksService,
    private readonly deals: DealsService,
    private readonly automation: AutomationOutboxService,
    private readonly webhooks: WebhookOutboxService,
    private readonly realtime: RealtimeService,
    private readonly events: DomainEvents,
    private readonly tx: Transactions,
    private readonly clock: Clock,
  ) {}

  /**
   * A call ended (the calls path, its row locked, in its transaction): the wrap-up it owes, if
   * any, and the message that opens the rep's wrap-up panel after commit.
   */
  async oweWithin(call: EndedCallFacts & { id: string; dealId: string | null }, tx: Tx): Promise<Notice | null> {
    const owed = owedWrapUp(call);
    if (!owed) return null;
    const id = await this.repo.owe(call.id, call.dealId, owed, tx);
    if (!id) return null;
    return async () => {
      const wrapUp = await this.repo.find(id);
      if (wrapUp) await this.realtime.toUsers([wrapUp.userId], 'wrapup.changed', wrapUp);
    };
  }

  /** A call was transferred on and its target answered: the first rep's pending wrap-up goes. */
  async dropForTransferWithin(callId: string, tx: Tx): Promise<Notice | null> {
    const gone = await this.repo.dropPendingOfCall(callId, tx);
    if (!gone) return null;
    return () => this.realtime.toUsers([gone.userId], 'wrapup.removed', { id: gone.id, sipCallId: gone.sipCallId });
  }

  async list(actor: Actor, q: WrapUpListQuery): Promise<WrapUp[]> {
    if (q.userId && q.userId !== actor.id && !isHead(actor)) throw new WrapUpException('FORBIDDEN', 'A Seller sees only their own wrap-ups');
    return this.repo.list(isHead(actor) ? (q.userId ?? null) : actor.id, q);
  }

  async get(actor: Actor, id: string): Promise<WrapUp> {
    return this.allowed(actor, await this.repo.find(id));
  }

  /**
   * Saves the wrap-up: its outcome and note, the next task (for the rep who owes it, on the call's
   * deal and contact), a `wrap_up` entry on the deal's timeline and the rules' `call.wrapped_up`
   * event, all in one transaction. Saving the same again answers the saved one and does nothing.
   */
  async save(actor: Actor, id: string, input: SaveWrapUpRequest): Promise<WrapUp> {
    const settings = await this.repo.outcomes();
    if (!settings.outcomes.includes(input.outcome)) {
      throw new WrapUpException('WRAP_UP_OUTCOME_UNKNOWN', `"${input.outcome}" is not one of the wrap-up outcomes`, { outcomes: settings.outcomes });
    }
    const result = await this.tx.run(
      async (tx) => {
        const pending = new PendingEvents();
        const current = this.allowed(actor, await this.repo.lock(id, tx));
        if (current.status === 'done') {
          if (isSameSave(current, input)) return { wrapUp: current, pending: null };
          throw new WrapUpException('WRAP_UP_ALREADY_DONE', 'This call was already wrapped up', { wrapUp: current });
        }
        const note = input.note ? input.note : null;
        const taskId = input.nextTask
          ? await this.tasks.createWithin(
              {
                title: input.nextTask.title,
                type: input.nextTask.type,
                dueAt: new Date(input.nextTask.dueAt),
                assigneeId: current.userId,
                dealId: current.dealId,
                contactId: current.contactId,
              },
              actor.id,
              tx,
              pending,
            )
          : null;
        await this.repo.complete(id, { status: 'done', outcome: input.outcome, note, taskId, by: actor.id, at: this.clock.now() }, tx);
        if (current.dealId) {
          await this.deals.addTimelineEvent(
            current.dealId,
            'wrap_up',
            actor.id,
            { wrapUpId: id, callId: current.sipCallId, direction: current.direction, outcome: input.outcome, note, taskId },
            tx,
          );
        }
        pending.add('call.wrapped_up', {
          wrapUpId: id,
          callId: current.sipCallId,
          dealId: current.dealId,
          userId: current.userId,
          direction: current.direction,
          outcome: input.outcome,
        });
        // the rules' event commits with the wrap-up it announces
        await this.automation.persistWithin(pending, tx);
        // and so do the webhooks' deliveries (the next task's task.created)
        await this.webhooks.persistWithin(pending, tx);
        return { wrapUp: (await this.repo.find(id, tx))!, pending };
      },
      { retry: true, label: `wrap-up ${id}` },
    );
    const { wrapUp, pending } = result;
    if (pending) {
      pending.publish(this.events);
      this.logger.log(`wrap-up ${id} of call ${wrapUp.sipCallId} saved by ${actor.id}: ${wrapUp.outcome}${wrapUp.taskId ? `, task ${wrapUp.taskId}` : ''}`);
      await this.announce(wrapUp, actor);
    }
    return wrapUp;
  }

  /** Off the rep's list without an outcome (counted as not done in the Head's figures). */
  async dismiss(actor: Actor, id: string): Promise<WrapUp> {
    const wrapUp = await this.tx.run(
      async (tx) => {
        const current = this.allowed(actor, await this.repo.lock(id, tx));
        if (current.status === 'done') throw new WrapUpException('WRAP_UP_ALREADY_DONE', 'This call was already wrapped up', { wrapUp: current });
        if (current.status === 'dismissed') return null;
        await this.repo.complete(id, { status: 'dismissed', outcome: null, note: null, taskId: null, by: actor.id, at: this.clock.now() }, tx);
        return this.repo.find(id, tx);
      },
      { retry: true, label: `wrap-up ${id}` },
    );
    if (!wrapUp) return this.get(actor, id);
    this.logger.log(`wrap-up ${id} of call ${wrapUp.sipCallId} dismissed by ${actor.id}`);
    await this.announce(wrapUp, actor);
    return wrapUp;
  }

  outcomes(): Promise<WrapUpOutcomesSettings> {
    return this.repo.outcomes();
  }

  async setOutcomes(actor: Actor, value: WrapUpOutcomesSettings): Promise<WrapUpOutcomesSettings> {
    await this.repo.saveOutcomes(value);
    this.logger.log(`wrap-up outcomes set by ${actor.id}: ${value.outcomes.join(', ')}`);
    return this.repo.outcomes();
  }

  /** The rep's other tabs close the panel; open pages of the deal refresh its timeline. */
  private async announce(wrapUp: WrapUp, actor: Actor): Promise<void> {
    await this.realtime.toUsers([...new Set([wrapUp.userId, actor.id])], 'wrapup.changed', wrapUp);
    if (!wrapUp.dealId) return;
    const deal = await this.deals.findById(wrapUp.dealId);
    if (deal) this.realtime.toRooms(dealRooms(dealAudience(deal)), 'call.logged', { callId: wrapUp.sipCallId, dealId: deal.id, contactId: wrapUp.contactId, outcome: wrapUp.answered ? 'completed' : 'missed' });
  }

  /** A Seller may touch only the wrap-ups they owe; a Head any. */
  private allowed(actor: Actor, wrapUp: WrapUp | null): WrapUp {
    if (!wrapUp) throw new WrapUpException('WRAP_UP_NOT_FOUND', 'No such wrap-up');
    if (!isHead(actor) && wrapUp.userId !== actor.id) throw new WrapUpException('FORBIDDEN', 'A Seller may wrap up only their own calls');
    return wrapUp;
  }
}
