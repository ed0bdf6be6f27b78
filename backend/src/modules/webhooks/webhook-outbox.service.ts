import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents, type DomainEventMap } from '../../common/events/domain-events';
import type { PendingEvents } from '../../common/events/pending-events';
import { WebhookDrainer } from './webhook-drainer';
import { taskDueEvent, WEBHOOK_SOURCES, type WebhookSource } from './webhook-events';
import { WebhookWriterService } from './webhook-writer.service';
import { WebhooksRepository } from './webhooks.repository';

/** A due time older than this when first seen is not announced (a new subscription, a long outage). */
const TASK_DUE_LOOKBACK_HOURS = 24;

/**
 * Turns domain events into webhook deliveries in the outbox. The calls, wrap-ups, deals and tasks
 * services hand their events in within their own transaction (persistWithin, WebhookWriterService),
 * so a crash cannot commit a change and lose its webhook; any other event is written by the bus
 * listener right after its commit (a crash in that gap loses the webhook, as documented).
 */
@Injectable()
export class WebhookOutboxService implements OnModuleInit {
  private readonly logger = new Logger(WebhookOutboxService.name);

  constructor(
    private readonly events: DomainEvents,
    private readonly repo: WebhooksRepository,
    private readonly drainer: WebhookDrainer,
    private readonly clock: Clock,
    private readonly tx: Transactions,
    private readonly writer: WebhookWriterService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.writer.useDirectSend({ hasRoom: () => this.drainer.hasRoom, leaseUntil: (now) => this.drainer.leaseUntil(now) });
    await this.refresh();
    this.drainer.onPoll(async () => {
      await this.refresh();
      await this.scanDueTasks();
    });
    for (const event of WEBHOOK_SOURCES) {
      this.events.on(event, async (payload) => {
        if (this.writer.isPersisted(payload as object)) {
          const claimed = this.writer.takeClaimed(payload as object);
          return claimed ? this.drainer.sendClaimed(claimed) : this.drainer.kick();
        }
        await this.accept(event, payload as never);
      });
    }
  }

  refresh(): Promise<void> {
    return this.writer.refresh();
  }

  /**
   * task.due: open tasks whose due time has come since the last scan (looking back a day at
   * most, so a new subscription does not announce every old overdue task), each written with its
   * deliveries in one transaction, once per task and due time. Returns how many were announced.
   */
  async scanDueTasks(): Promise<number> {
    if (!this.writer.subscribes('task.due')) return 0;
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
  persistWithin(pending: PendingEvents, tx: Tx): Promise<void> {
    return this.writer.persistWithin(pending, tx);
  }

  /** Writes the webhook events of one committed domain event, then wakes the drainer. */
  async accept<K extends WebhookSource>(event: K, payload: DomainEventMap[K]): Promise<void> {
    if (!this.writer.anySubscription) return;
    const now = this.clock.now();
    const built = this.writer.build(event, payload as never, now);
    if (!built.length) return;
    try {
      if (this.drainer.hasRoom) this.drainer.sendClaimed(await this.repo.enqueueClaimed(built, this.drainer.leaseUntil(now)));
      else if (await this.repo.enqueue(built, now)) this.drainer.kick();
    } catch (err) {
      this.logger.error(`webhooks: could not queue ${event} (${built.map((b) => b.id).join(', ')})`, err instanceof Error ? err.stack : err);
    }
  }
}
