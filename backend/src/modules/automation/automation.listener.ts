import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DomainEvents, type DomainEventMap } from '../../common/events/domain-events';
import { ENV, type Env } from '../../config/env';
import { AutomationEngine, type Trigger } from './automation.engine';
import { AutomationRepository } from './automation.repository';
import { Coalescer } from './coalescer';
import { KeyedQueue } from './keyed-queue';
import { RulesService } from './rules.service';
import { TimersRepository } from './timers.repository';

// A burst beyond this many queued events is logged (once per crossing): the engine is behind.
const HIGH_WATER = 5000;

/**
 * Turns domain events into rule triggers, and keeps the deals' and tasks' timers armed. Events
 * go through a bounded queue, in order per deal: at most a few transactions at once, leaving
 * pool connections to the timer workers and to requests.
 */
@Injectable()
export class AutomationListener implements OnModuleInit {
  private readonly logger = new Logger(AutomationListener.name);
  private readonly queue: KeyedQueue;
  private behind = false;
  private anon = 0;
  /** Deals whose timers to re-arm, by which timers: the deals of events handled at the same time share one statement. */
  private readonly arming = new Map<'all' | 'in_stage', Coalescer<string, void>>();

  constructor(
    @Inject(ENV) env: Env,
    private readonly events: DomainEvents,
    private readonly engine: AutomationEngine,
    private readonly rules: RulesService,
    private readonly repo: AutomationRepository,
    private readonly timers: TimersRepository,
  ) {
    // Leave connections for the timer workers and for requests; more than ~8 only adds lock and CPU contention.
    const concurrency = Math.max(1, Math.min(8, env.DATABASE_POOL_MAX - env.AUTOMATION_WORKERS - 2));
    this.queue = new KeyedQueue(concurrency, (err) => this.logger.error('automation event failed', err instanceof Error ? err.stack : err));
  }

  onModuleInit(): void {
    const on = <K extends keyof DomainEventMap>(event: K, handle: (p: DomainEventMap[K], chain: string[]) => Promise<unknown>) =>
      this.events.on(event, (payload) => {
        const chain = this.engine.chainOf(payload as object);
        this.enqueue(dealOf(payload), () => handle(payload, chain));
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
    return this.queue.idle();
  }

  private enqueue(dealId: string | null, job: () => Promise<unknown>): void {
    this.queue.push(dealId ?? `none:${this.anon++}`, async () => void (await job()));
    if (this.queue.pending > HIGH_WATER !== this.behind) {
      this.behind = !this.behind;
      if (this.behind) this.logger.warn(`automation is behind: ${this.queue.pending} events queued`);
      else this.logger.log('automation caught up');
    }
  }

  private listening(event: string): boolean {
    return this.rules.forEvent(event).length > 0;
  }

  private async fire(trigger: Trigger): Promise<void> {
    await this.engine.handle(trigger);
  }

  /** All the deal's timer rules (or only the in-stage ones), one statement for the deals being handled now. */
  private armDeal(dealId: string, only?: 'in_stage'): Promise<void> {
    const which = only ?? 'all';
    let c = this.arming.get(which);
    if (!c) {
      c = new Coalescer<string, void>(async (dealIds) => {
        const rules = this.rules
          .timerRules()
          .flatMap((r) => (r.trigger.type === 'timer' && r.trigger.timer !== 'task_overdue' && (!only || r.trigger.timer === only) ? [{ id: r.id, trigger: r.trigger }] : []));
        await this.timers.armDealsForRules(rules, dealIds);
        return () => undefined;
      });
      this.arming.set(which, c);
    }
    return c.load(dealId);
  }

  private async armTask(taskId: string): Promise<void> {
    for (const rule of this.rules.timerRules()) {
      if (rule.trigger.type === 'timer' && rule.trigger.timer === 'task_overdue') await this.timers.armTasks(rule.id, rule.trigger, [taskId]);
    }
  }
}

/** The deal an event is about: events of one deal are handled one at a time, in order. */
function dealOf(payload: unknown): string | null {
  const p = payload as { deal?: { id: string }; dealId?: string | null };
  return p.deal?.id ?? p.dealId ?? null;
}
