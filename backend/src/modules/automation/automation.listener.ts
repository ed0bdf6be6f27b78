import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents, type DomainEventMap } from '../../common/events/domain-events';
import { AutomationEngine, type Trigger } from './automation.engine';
import { AutomationRepository } from './automation.repository';
import { RulesService } from './rules.service';
import { TimersRepository } from './timers.repository';

/** Turns domain events into rule triggers, and keeps the deals' and tasks' timers armed. */
@Injectable()
export class AutomationListener implements OnModuleInit {
  private inflight = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly events: DomainEvents,
    private readonly engine: AutomationEngine,
    private readonly rules: RulesService,
    private readonly repo: AutomationRepository,
    private readonly timers: TimersRepository,
  ) {}

  onModuleInit(): void {
    const on = <K extends keyof DomainEventMap>(event: K, handle: (p: DomainEventMap[K], chain: string[]) => Promise<unknown>) =>
      this.events.on(event, async (payload) => {
        this.inflight++;
        try {
          await handle(payload, this.engine.chainOf(payload as object));
        } finally {
          if (--this.inflight === 0) for (const wake of this.waiters.splice(0)) wake();
        }
      });

    on('deal.created', async ({ deal }, chain) => {
      await this.armDeal(deal.id);
      await this.fire({ event: 'deal.created', dealId: deal.id, causeKey: `deal.created:${deal.id}`, data: {}, chain });
    });

    on('deal.changed', async ({ deal, before, audience, fromStageId }, chain) => {
      // Only a new stage moves an in-stage timer's anchor; a later contact is caught lazily when
      // the no-contact timer comes due (anchors only move forward), so other edits cost nothing here.
      if (fromStageId) await this.armDeal(deal.id, 'in_stage');
      if (fromStageId) {
        await this.fire({
          event: 'deal.stage_changed',
          dealId: deal.id,
          causeKey: `stage:${deal.id}:${deal.stageEnteredAt}`,
          data: { fromStageKey: this.rules.stageKey(fromStageId), toStageKey: this.rules.stageKey(deal.stageId) },
          chain,
        });
      }
      const fields = before.ownerId !== audience.ownerId ? ['ownerId'] : [];
      if (!fromStageId && this.listening('deal.field_changed')) fields.push(...(await this.repo.editedFields(deal.id, deal.updatedAt)));
      for (const field of fields) {
        await this.fire({ event: 'deal.field_changed', dealId: deal.id, causeKey: `field:${deal.id}:${field}:${deal.updatedAt}`, data: { field }, chain });
      }
    });

    on('task.created', async ({ taskId, dealId, type }, chain) => {
      await this.armTask(taskId);
      await this.fire({ event: 'task.created', dealId, causeKey: `task.created:${taskId}`, data: { taskType: type }, chain });
    });
    on('task.rescheduled', ({ taskId }) => this.armTask(taskId));
    on('task.completed', ({ taskId, dealId, type }, chain) =>
      this.fire({ event: 'task.completed', dealId, causeKey: `task.completed:${taskId}`, data: { taskType: type }, chain }),
    );

    on('call.answered', ({ callId, dealId, direction, userId }, chain) =>
      this.fire({ event: 'call.answered', dealId, causeKey: `call.answered:${callId}`, data: { direction, userId }, chain }),
    );
    on('call.missed', ({ callId, dealId, direction, reason }, chain) =>
      this.fire({ event: 'call.missed', dealId, causeKey: `call.missed:${callId}`, data: { direction, reason }, chain }),
    );

    on('offer.status-changed', ({ offerId, dealId, from, to }, chain) =>
      this.fire({ event: 'offer.status_changed', dealId, causeKey: `offer:${offerId}:${from}>${to}`, data: { offerStatus: to, fromStatus: from }, chain }),
    );
    on('activity.logged', ({ activityId, dealId, kind, visitType }, chain) =>
      this.fire({ event: 'activity.logged', dealId, causeKey: `activity:${activityId}`, data: { kind, visitType }, chain }),
    );

    // Stage limits and names live in stages: a pipeline edit may change both.
    this.events.on('pipeline.changed', () => this.rules.reload());
  }

  /** Resolves when no event is being handled (tests and the tick route wait on it). */
  idle(): Promise<void> {
    return this.inflight === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  private listening(event: string): boolean {
    return this.rules.enabled().some((r) => r.trigger.type === 'event' && r.trigger.event === event);
  }

  private async fire(trigger: Trigger): Promise<void> {
    await this.engine.handle(trigger);
  }

  private async armDeal(dealId: string, only?: 'in_stage'): Promise<void> {
    for (const rule of this.rules.enabled()) {
      if (rule.trigger.type === 'timer' && rule.trigger.timer !== 'task_overdue' && (!only || rule.trigger.timer === only)) await this.timers.armDeals(rule.id, rule.trigger, [dealId]);
    }
  }

  private async armTask(taskId: string): Promise<void> {
    for (const rule of this.rules.enabled()) {
      if (rule.trigger.type === 'timer' && rule.trigger.timer === 'task_overdue') await this.timers.armTasks(rule.id, rule.trigger, [taskId]);
    }
  }
}
