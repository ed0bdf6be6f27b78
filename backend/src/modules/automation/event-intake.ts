import { Injectable } from '@nestjs/common';
import type { Tx } from '../../common/database/transactions';
import type { DomainEventMap } from '../../common/events/domain-events';
import type { Trigger } from './automation.engine';
import { AutomationRepository } from './automation.repository';
import type { NewOutboxRow, OutboxRow } from './outbox.repository';
import { RulesService } from './rules.service';

/** The domain events the engine listens to. */
export const RULE_SOURCES = [
  'deal.created',
  'deal.changed',
  'task.created',
  'task.rescheduled',
  'task.completed',
  'call.answered',
  'call.missed',
  'offer.status-changed',
  'activity.logged',
  'call.wrapped_up',
] as const satisfies readonly (keyof DomainEventMap)[];
export type RuleSource = (typeof RULE_SOURCES)[number];

/** What handling one event means: timers to arm, then triggers for the rules, in order. */
export interface Work {
  armDeals: string[];
  armDealsInStage: string[];
  armTasks: string[];
  triggers: Trigger[];
}

/**
 * Turns domain events into outbox rows (only those with something to do), and outbox rows into
 * work: which timers to re-arm and which triggers to fire.
 */
@Injectable()
export class EventIntake {
  constructor(
    private readonly rules: RulesService,
    private readonly repo: AutomationRepository,
  ) {}

  /** The row to persist for an event, or null when no rule and no timer cares about it. */
  rowOf<K extends RuleSource>(event: K, payload: DomainEventMap[K], chain: string[]): NewOutboxRow | null {
    return this.wanted(event, payload) ? { event, dealId: dealOf(payload), payload: payload as Record<string, any>, chain } : null;
  }

  /** What an outbox row asks for. */
  async workOf(row: OutboxRow, tx: Tx): Promise<Work> {
    const w: Work = { armDeals: [], armDealsInStage: [], armTasks: [], triggers: [] };
    const p = row.payload;
    const chain = row.chain;
    const fire = (event: string, dealId: string | null, causeKey: string, data: Record<string, unknown>) =>
      w.triggers.push({ event, dealId, causeKey, data, chain });
    switch (row.event as RuleSource) {
      case 'deal.created':
        w.armDeals.push(p.deal.id);
        fire('deal.created', p.deal.id, `deal.created:${p.deal.id}`, {});
        break;
      case 'deal.changed': {
        const { deal, before, audience, fromStageId } = p as DomainEventMap['deal.changed'];
        // Only a new stage moves an in-stage timer's anchor; a later contact is caught lazily when
        // the no-contact timer comes due (anchors only move forward).
        if (fromStageId) {
          w.armDealsInStage.push(deal.id);
          fire('deal.stage_changed', deal.id, `stage:${deal.id}:${deal.stageEnteredAt}`, {
            fromStageKey: this.rules.stageKey(fromStageId),
            toStageKey: this.rules.stageKey(deal.stageId),
          });
        }
        const fields = before.ownerId !== audience.ownerId ? ['ownerId'] : [];
        if (!fromStageId && this.listening('deal.field_changed')) fields.push(...(await this.repo.editedFields(deal.id, deal.updatedAt, tx)));
        for (const field of fields) fire('deal.field_changed', deal.id, `field:${deal.id}:${field}:${deal.updatedAt}`, { field });
        break;
      }
      case 'task.created':
        w.armTasks.push(p.taskId);
        fire('task.created', p.dealId, `task.created:${p.taskId}`, { taskType: p.type });
        break;
      case 'task.rescheduled':
        w.armTasks.push(p.taskId);
        break;
      case 'task.completed':
        fire('task.completed', p.dealId, `task.completed:${p.taskId}`, { taskType: p.type });
        break;
      case 'call.answered':
        fire('call.answered', p.dealId, `call.answered:${p.callId}`, { direction: p.direction, userId: p.userId });
        break;
      case 'call.missed':
        fire('call.missed', p.dealId, `call.missed:${p.callId}`, { direction: p.direction, reason: p.reason });
        break;
      case 'offer.status-changed':
        fire('offer.status_changed', p.dealId, `offer:${p.offerId}:${p.from}>${p.to}`, { offerStatus: p.to, fromStatus: p.from });
        break;
      case 'activity.logged':
        fire('activity.logged', p.dealId, `activity:${p.activityId}`, { kind: p.kind, visitType: p.visitType });
        break;
      case 'call.wrapped_up':
        fire('call.wrapped_up', p.dealId, `wrapup:${p.wrapUpId}`, { outcome: p.outcome, direction: p.direction, userId: p.userId });
        break;
    }
    return w;
  }

  private wanted<K extends RuleSource>(event: K, payload: DomainEventMap[K]): boolean {
    const timers = (kind: string) => this.rules.timerRules().some((r) => r.trigger.type === 'timer' && r.trigger.timer === kind);
    const p = payload as Record<string, any>;
    switch (event) {
      case 'deal.created':
        return timers('no_contact') || timers('in_stage') || this.listening('deal.created');
      case 'deal.changed':
        return p.fromStageId ? timers('in_stage') || this.listening('deal.stage_changed') || this.listening('deal.field_changed') : this.listening('deal.field_changed');
      case 'task.created':
        return timers('task_overdue') || this.listening('task.created');
      case 'task.rescheduled':
        return timers('task_overdue');
      case 'offer.status-changed':
        return !!p.dealId && this.listening('offer.status_changed');
      default:
        return !!p.dealId && this.listening(event);
    }
  }

  private listening(event: string): boolean {
    return this.rules.forEvent(event).length > 0;
  }
}

/** The deal an event is about: its events are handled one at a time, in order. */
export function dealOf(payload: unknown): string | null {
  const p = payload as { deal?: { id: string }; dealId?: string | null };
  return p.deal?.id ?? p.dealId ?? null;
}
