import { Injectable, Logger } from '@nestjs/common';
import type { AcceptInboxDealRequest, Deal, DeclinedLeads, MergeInboxDealResult } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { Transactions } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { DealException } from '../deals/deals.exception';
import { DealsService } from '../deals/deals.service';
import { type DealRow, toDeal } from '../deals/deals.types';
import { InboxRepository } from './inbox.repository';

const later = (a: string | null, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b));

/**
 * The Unsorted inbox's actions (issue 17 part 6), the same for leads from calls and from web
 * forms: accept (take it to New), decline as spam (hidden, counted, restorable by a Head), merge
 * into an open deal of the same contact (its calls, tasks, activities and their timeline follow).
 */
@Injectable()
export class InboxService {
  private readonly logger = new Logger(InboxService.name);

  constructor(
    private readonly deals: DealsService,
    private readonly repo: InboxRepository,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
  ) {}

  accept(actor: Actor, id: string, input: AcceptInboxDealRequest): Promise<Deal> {
    return this.deals.acceptFromInbox(actor, id, input.ownerId);
  }

  /** Any rep may decline an inbox lead they see; it leaves every board at once. */
  async declineAsSpam(actor: Actor, id: string): Promise<void> {
    const pending = new PendingEvents();
    await this.tx.run(async (tx) => {
      const deal = await this.deals.lockInboxDeal(actor, id, tx);
      if (await this.repo.hasLiveCall(deal.id, tx)) throw new DealException('CALL_IN_PROGRESS', 'A call on this lead is still going on: decline it after the call');
      await this.deals.removeFromInbox(actor.id, deal, { as: 'spam' }, tx, pending);
    });
    pending.publish(this.events);
    this.logger.log(`deal ${id} declined as spam by ${actor.id}`);
  }

  declined(actor: Actor, limit: number): Promise<DeclinedLeads> {
    return this.deals.declinedLeads(actor, limit);
  }

  restore(actor: Actor, id: string): Promise<Deal> {
    return this.deals.restoreDeclined(actor, id);
  }

  /**
   * Folds the inbox deal `id` into `intoId`, an open deal of the same contact the caller may see.
   * Both rows are locked in id order (two merges the other way round wait, never deadlock).
   */
  async merge(actor: Actor, id: string, intoId: string): Promise<MergeInboxDealResult> {
    if (id === intoId) throw new DealException('MERGE_TARGET_INVALID', 'A deal cannot be merged into itself');
    const pending = new PendingEvents();
    const result = await this.tx.run(async (tx) => {
      let source: DealRow;
      let target: DealRow | null;
      if (id < intoId) {
        source = await this.deals.lockInboxDeal(actor, id, tx);
        target = await this.deals.lockVisible(actor, intoId, tx);
      } else {
        target = await this.deals.lockVisible(actor, intoId, tx);
        source = await this.deals.lockInboxDeal(actor, id, tx);
      }
      if (!target || target.status !== 'open' || !source.contactId || target.contactId !== source.contactId) {
        throw new DealException('MERGE_TARGET_INVALID', 'Merge only into another open deal of the same contact');
      }
      if (await this.repo.hasLiveCall(source.id, tx)) throw new DealException('CALL_IN_PROGRESS', 'A call on this lead is still going on: merge it after the call');
      const moved = await this.repo.moveRecords(source.id, target.id, tx);
      await this.deals.removeFromInbox(actor.id, source, { as: 'merged', into: target }, tx, pending);
      await this.deals.addTimelineEvent(target.id, 'merged', actor.id, { direction: 'from', fromDealId: source.id, fromDealTitle: source.title, ...moved }, tx);
      const lastContactAt = later(source.lastContactAt, target.lastContactAt);
      const [after] = await this.deals.changeManyAsSystem([{ dealId: target.id, change: lastContactAt ? { lastContactAt: new Date(lastContactAt) } : {}, pending }], tx);
      return { deal: toDeal(after!), moved };
    });
    pending.publish(this.events);
    this.logger.log(`deal ${id} merged into ${intoId} by ${actor.id}: ${JSON.stringify(result.moved)}`);
    return result;
  }
}
