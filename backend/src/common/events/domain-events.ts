import { Injectable, Logger } from '@nestjs/common';
import type { Deal, Task } from '@callboard/contracts';
import type { DealAudienceSnapshot } from '../access/deal-visibility';

export type { DealAudienceSnapshot };

/** Who could see a task: its assignee, or (unassigned) those who can see its deal; Heads always. */
export interface TaskAudienceSnapshot {
  assigneeId: string | null;
  deal: DealAudienceSnapshot | null;
}

/** Domain events, emitted by services after their transaction committed. */
export interface DomainEventMap {
  'deal.created': { deal: Deal; audience: DealAudienceSnapshot };
  'deal.changed': {
    deal: Deal;
    before: DealAudienceSnapshot;
    audience: DealAudienceSnapshot;
    /** Set when the stage changed. */
    fromStageId: string | null;
  };
  'deal.removed': { dealId: string; before: DealAudienceSnapshot };
  'user.access-changed': { userId: string };
  'user.deactivated': { userId: string };
  /** Sign-ins ended (sign-out, password change or reset, deactivation): their sockets close. */
  'sessions.revoked': { userId: string; sessionIds: string[] };
  'pipeline.changed': { pipelineId: string };
  /** A Head changed the team's time zone: what "today" is and the digest's hour move with it. */
  'team.time-zone-changed': { timeZone: string };
  /** The team settings changed (any of them): every node drops its copy. */
  'team.settings-changed': Record<string, never>;
  'call.answered': { callId: string; dealId: string | null; userId: string | null; direction: 'inbound' | 'outbound'; at: Date };
  /** `userId`: the rep who placed (outbound) or answered the call, when there is one. */
  'call.missed': { callId: string; dealId: string | null; direction: 'inbound' | 'outbound'; reason: string; at: Date; userId?: string | null };
  'call.ended': { callId: string; dealId: string | null; direction: 'inbound' | 'outbound'; durationSec: number | null; at: Date; userId?: string | null };
  /** Sales process (tasks, offers, activities); `ruleId` is set when a rule caused it. */
  'task.created': { taskId: string; dealId: string | null; type: string; ruleId: string | null };
  'task.completed': { taskId: string; dealId: string | null; type: string };
  /** Due time changed or reopened: its overdue timers re-arm. */
  'task.rescheduled': { taskId: string };
  /** Any change to a task (created, edited, completed, reopened), for live lists; `before` is null for a new task. */
  'task.changed': { task: Task; audience: TaskAudienceSnapshot; before: TaskAudienceSnapshot | null };
  'task.removed': { taskId: string; dealId: string | null; before: TaskAudienceSnapshot };
  'offer.status-changed': { offerId: string; dealId: string; from: string | null; to: string };
  'activity.logged': { activityId: string; dealId: string; kind: string; visitType: string | null };
  /** A call's wrap-up was saved by its rep (or a Head); `callId` is the SIP Call-ID. */
  'call.wrapped_up': { wrapUpId: string; callId: string; dealId: string | null; userId: string; direction: 'inbound' | 'outbound' | null; outcome: string };
}

type Listener<K extends keyof DomainEventMap> = (payload: DomainEventMap[K]) => void | Promise<void>;

/** A tiny typed in-process bus. Listeners' failures are logged, never thrown back at the emitter. */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly listeners = new Map<keyof DomainEventMap, Listener<any>[]>();

  on<K extends keyof DomainEventMap>(event: K, listener: Listener<K>): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
  }

  emit<K extends keyof DomainEventMap>(event: K, payload: DomainEventMap[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      Promise.resolve()
        .then(() => listener(payload))
        .catch((err) => this.logger.error(`listener of ${String(event)} failed`, err?.stack ?? err));
    }
  }
}
