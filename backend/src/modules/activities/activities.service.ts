import { Injectable, Logger } from '@nestjs/common';
import type { Activity, CloseLostRequest, CreateActivityRequest, Deal, LostReasonsSettings } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { Clock } from '../../common/clock/clock';
import { Transactions } from '../../common/database/transactions';
import { AppException } from '../../common/errors/app.exception';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { toDeal } from '../deals/deals.types';
import { LostReasonsService } from '../deals/lost-reasons.service';
import { DealsService } from '../deals/deals.service';
import { ActivitiesRepository } from './activities.repository';

/** Visits, meetings and notes on a deal's timeline; closing a deal as lost with a reason. */
@Injectable()
export class ActivitiesService {
  private readonly logger = new Logger(ActivitiesService.name);

  constructor(
    private readonly repo: ActivitiesRepository,
    private readonly deals: DealsService,
    private readonly lostReasonSettings: LostReasonsService,
    private readonly clock: Clock,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
  ) {}

  async list(actor: Actor, dealId: string): Promise<Activity[]> {
    await this.dealOrThrow(actor, dealId);
    return this.repo.list(dealId);
  }

  async create(actor: Actor, dealId: string, input: CreateActivityRequest): Promise<Activity> {
    await this.dealOrThrow(actor, dealId);
    const pending = new PendingEvents();
    const activity = await this.tx.run(async (tx) => {
      const a = await this.repo.insert(
        {
          dealId,
          kind: input.kind,
          visitType: input.kind === 'visit' ? input.visitType : null,
          visitStatus: input.kind === 'visit' ? input.visitStatus : null,
          body: input.body,
          occurredAt: input.kind === 'visit' && input.occurredAt ? new Date(input.occurredAt) : this.clock.now(),
          authorId: actor.id,
        },
        tx,
      );
      await this.deals.addTimelineEvent(
        dealId,
        'note',
        actor.id,
        { activityId: a.id, kind: a.kind, visitType: a.visitType, visitStatus: a.visitStatus, body: a.body.slice(0, 500), occurredAt: a.occurredAt },
        tx,
      );
      pending.add('activity.logged', { activityId: a.id, dealId, kind: a.kind, visitType: a.visitType });
      return a;
    });
    pending.publish(this.events);
    this.logger.log(`${activity.kind} ${activity.id} on deal ${dealId} by ${actor.id}`);
    return activity;
  }

  lostReasons(): Promise<LostReasonsSettings> {
    return this.lostReasonSettings.settings();
  }

  async setLostReasons(actor: Actor, value: LostReasonsSettings): Promise<LostReasonsSettings> {
    await this.lostReasonSettings.save({ reasons: [...new Set(value.reasons)], required: value.required });
    this.logger.log(`lost reasons set by ${actor.id}`);
    return this.lostReasonSettings.settings();
  }

  /** Closes a deal as lost; the reason is checked against the Head's list, and required if they said so. */
  async closeLost(actor: Actor, dealId: string, input: CloseLostRequest): Promise<Deal> {
    const deal = await this.dealOrThrow(actor, dealId);
    if (deal.status !== 'open') throw new AppException('DEAL_CLOSED', 'The deal is already closed');
    const lostReason = await this.lostReasonSettings.check(input.reason);
    const pending = new PendingEvents();
    const row = await this.tx.run(async (tx) => {
      const stage = await this.repo.lostStageOf(deal.pipelineId, tx);
      if (!stage) throw new AppException('STAGE_NOT_FOUND', 'The pipeline has no Lost stage');
      const changed = await this.deals.changeAs(actor.id, dealId, { stageId: stage.id, lostReason }, tx, pending, { lostReason });
      if (input.note) await this.deals.addTimelineEvent(dealId, 'note', actor.id, { kind: 'note', body: input.note, lostReason }, tx);
      return changed!;
    });
    pending.publish(this.events);
    this.logger.log(`deal ${dealId} closed as lost (${input.reason ?? 'no reason'}) by ${actor.id}`);
    return toDeal(row);
  }

  private async dealOrThrow(actor: Actor, dealId: string) {
    const deal = await this.deals.findVisible(actor, dealId);
    if (!deal) throw new AppException('DEAL_NOT_FOUND', 'No such deal');
    return deal;
  }
}
