import { WEBHOOK_PAYLOAD_VERSION, type WebhookEventType, type WebhookPayload } from '@callboard/contracts';
import { randomUUID } from 'node:crypto';
import type { DomainEventMap } from '../../common/events/domain-events';

/** The domain events webhooks are made of (all emitted after commit by their modules). */
export const WEBHOOK_SOURCES = [
  'deal.created',
  'deal.changed',
  'call.answered',
  'call.missed',
  'call.ended',
  'task.created',
  'task.completed',
] as const satisfies readonly (keyof DomainEventMap)[];
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number];

/** A webhook event ready to store: the exact body every delivery of it will sign. */
export interface BuiltEvent {
  id: string;
  type: WebhookEventType;
  occurredAt: Date;
  body: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * What a domain event means for webhooks, as payloads (none when it means nothing, e.g. a deal
 * edit that moved no stage). Pure but for the fresh event ids.
 */
export function webhookEventsOf<K extends WebhookSource>(event: K, payload: DomainEventMap[K], now: Date): BuiltEvent[] {
  const out: BuiltEvent[] = [];
  const add = (type: WebhookEventType, occurredAt: Date, data: unknown) => {
    const id = randomUUID();
    const body: WebhookPayload = { id, type, version: WEBHOOK_PAYLOAD_VERSION, occurredAt: occurredAt.toISOString(), data } as WebhookPayload;
    out.push({ id, type, occurredAt, body: JSON.stringify(body) });
  };
  switch (event) {
    case 'deal.created': {
      const { deal } = payload as DomainEventMap['deal.created'];
      add('deal.created', new Date(deal.createdAt), { deal });
      break;
    }
    case 'deal.changed': {
      const { deal, fromStageId } = payload as DomainEventMap['deal.changed'];
      if (!fromStageId) break;
      const at = new Date(deal.stageEnteredAt);
      add('deal.moved', at, { deal, fromStageId });
      if (deal.status === 'won') add('deal.won', at, { deal, fromStageId });
      if (deal.status === 'lost') add('deal.lost', at, { deal, fromStageId });
      break;
    }
    case 'call.answered': {
      const p = payload as DomainEventMap['call.answered'];
      add('call.answered', new Date(p.at), { callId: p.callId, dealId: p.dealId, direction: p.direction, userId: p.userId, at: iso(p.at) });
      break;
    }
    case 'call.missed': {
      const p = payload as DomainEventMap['call.missed'];
      add('call.missed', new Date(p.at), { callId: p.callId, dealId: p.dealId, direction: p.direction, userId: p.userId ?? null, at: iso(p.at), reason: p.reason });
      break;
    }
    case 'call.ended': {
      const p = payload as DomainEventMap['call.ended'];
      add('call.ended', new Date(p.at), {
        callId: p.callId,
        dealId: p.dealId,
        direction: p.direction,
        userId: p.userId ?? null,
        at: iso(p.at),
        durationSec: p.durationSec,
      });
      break;
    }
    case 'task.created':
    case 'task.completed': {
      const p = payload as DomainEventMap['task.created'];
      add(event, now, { taskId: p.taskId, dealId: p.dealId, type: p.type });
      break;
    }
  }
  return out;
}

/** task.due for a task whose due time has come (not a domain event: the scan in WebhookOutboxService finds them). */
export function taskDueEvent(t: { taskId: string; dealId: string | null; type: string; title: string; assigneeId: string | null; dueAt: Date }): BuiltEvent {
  const id = randomUUID();
  const occurredAt = new Date(t.dueAt);
  const data = { taskId: t.taskId, dealId: t.dealId, type: t.type, title: t.title, assigneeId: t.assigneeId, dueAt: occurredAt.toISOString() };
  const body: WebhookPayload = { id, type: 'task.due', version: WEBHOOK_PAYLOAD_VERSION, occurredAt: occurredAt.toISOString(), data };
  return { id, type: 'task.due', occurredAt, body: JSON.stringify(body) };
}

/**
 * When a failed delivery is tried again: 1 minute after the first failure, doubling each time,
 * at most 6 hours, ±20 % jitter (so a receiver coming back is not hit by every webhook at once).
 */
export function retryDelayMs(failedAttempts: number, random: () => number = Math.random): number {
  const base = Math.min(60_000 * 2 ** Math.max(0, failedAttempts - 1), 6 * 3600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
