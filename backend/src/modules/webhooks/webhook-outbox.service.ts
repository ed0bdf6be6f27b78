import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents, type DomainEventMap } from '../../common/events/domain-events';
import type { PendingEvents } from '../../common/events/pending-events';
import { WebhookDrainer } from './webhook-drainer';
import { taskDueEvent, WEBHOOK_SOURCES, type WebhookSource, webhookEventsOf } from './webhook-events';
import { WebhooksRepository } from './webhooks.repository';

/** A due time older than this when first seen is not announced (a new subscription, a long outage). */
const TASK_DUE_LOOKBACK_HOURS = 24;

/**
 * Turns domain events into webhook deliveries in the outbox. The calls path hands its events in
 * within its own transaction (persistWithin), so a crash cannot commit a call and lose its
 * webhook; every other event is written by the bus listener right after its commit (the
 * domain events are emitted after commit; a crash in that gap loses the webhook, as documented).
 */
@Injectable()
export class WebhookOutboxService implements OnModuleInit {
  private readonly logger = new Logger(WebhookOutboxService.name);
  /** Payloads already written in their own transaction: the after-commit listener only wakes the drainer. */
  private readonly persisted = new WeakSet<object>();
  /** Event types an enabled webhook subscribes to: refreshed by every CRUD and every drainer poll. */
  private subscribed = new Set<string>();

  constructor(
    private readonly events: DomainEvents,
    private readonly repo: WebhooksRepository,
    private readonly drainer: WebhookDrainer,
    private readonly clock: Clock,
    private readonly tx: Transactions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.drainer.onPoll(async () => {
      await this.refresh();
      await this.scanDueTasks();
    });
    for (const event of WEBHOOK_SOURCES) {
      this.events.on(event, async (payload) => {
        if (this.persisted.has(payload as object)) return this.drainer.kick();
        await this.accept(event, payload as never);
      });
    }
  }

  async refresh(): Promise<void> {
    this.subscribed = await this.repo.subscribedTypes();
  }

  /**
   * task.due: open tasks whose due time has come since the last scan (looking back a day at
   * most, so a new subscription does not announce every old overdue task), each written with its
   * deliveries in one transaction, once per task and due time. Returns how many were announced.
   */
  async scanDueTasks(): Promise<number> {
    if (!this.subscribed.has('task.due')) return 0;
    const now = this.clock.now();
    const n = await this.tx.run(async (tx) => {
      const due = await this.repo.takeDueTasks(now, TASK_DUE_LOOKBACK_HOURS, tx);
      if (due.length) await this.repo.enqueue(due.map(taskDueEvent), now, tx);
      return due.length;
    });
    if (n) {
      this.logger.log(`webhooks: ${n} task(s) due announced`);
      this.drainer.kick();
    }
    return n;
  }

  /** Writes the webhook events of `pending` inside `tx` (the caller publishes after commit). */
  async persistWithin(pending: PendingEvents, tx: Tx): Promise<void> {
    if (!this.subscribed.size) return;
    const now = this.clock.now();
    const built = [];
    for (const [event, payload] of pending.entries()) {
      if (!(WEBHOOK_SOURCES as readonly string[]).includes(event)) continue;
      built.push(...webhookEventsOf(event as WebhookSource, payload as never, now).filter((e) => this.subscribed.has(e.type)));
      this.persisted.add(payload as object);
    }
    if (built.length) await this.repo.enqueue(built, now, tx);
  }

  /** Writes the webhook events of one committed domain event, then wakes the drainer. */
  async accept<K extends WebhookSource>(event: K, payload: DomainEventMap[K]): Promise<void> {
    if (!this.subscribed.size) return;
    const now = this.clock.now();
    const built = webhookEventsOf(event, payload, now).filter((e) => this.subscribed.has(e.type));
    if (!built.length) return;
    try {
      if (this.drainer.hasRoom) this.drainer.sendClaimed(await this.repo.enqueueClaimed(built, this.drainer.leaseUntil(now)));
      else if (await this.repo.enqueue(built, now)) this.drainer.kick();
    } catch (err) {
      this.logger.error(`webhooks: could not queue ${event} (${built.map((b) => b.id).join(', ')})`, err instanceof Error ? err.stack : err);
    }
  }
}
