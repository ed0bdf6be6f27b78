import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import type { Tx } from '../../common/database/transactions';
import type { PendingEvents } from '../../common/events/pending-events';
import { type BuiltEvent, WEBHOOK_SOURCES, type WebhookSource, webhookEventsOf } from './webhook-events';
import { type ClaimedDelivery, WebhooksRepository } from './webhooks.repository';

/** The sending half's answer to "may deliveries be claimed in their insert, and until when?" (WebhookDrainer). */
export interface DirectSend {
  hasRoom(): boolean;
  leaseUntil(now: Date): Date;
}

/**
 * The writing half of the webhook outbox, with no dependency beyond the database and the clock,
 * so that the services that change deals and tasks can write webhook deliveries inside their own
 * transaction (the sending half reaches notifications and realtime, which reach DealsService).
 * One instance per process (WebhookWriterModule), shared with WebhookOutboxService.
 */
@Injectable()
export class WebhookWriterService {
  /** Payloads already written in their own transaction: the after-commit listener only wakes the drainer. */
  private readonly persisted = new WeakSet<object>();
  /** Event types an enabled webhook subscribes to: refreshed by every CRUD and every drainer poll. */
  private subscribed = new Set<string>();
  /** Deliveries claimed in their insert, by the payload that caused them: sent when it is published. */
  private readonly claimed = new WeakMap<object, ClaimedDelivery[]>();
  private direct: DirectSend | null = null;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly clock: Clock,
  ) {}

  async refresh(): Promise<void> {
    this.subscribed = await this.repo.subscribedTypes();
  }

  subscribes(type: string): boolean {
    return this.subscribed.has(type);
  }

  get anySubscription(): boolean {
    return this.subscribed.size > 0;
  }

  isPersisted(payload: object): boolean {
    return this.persisted.has(payload);
  }

  /** Set by the sending half: from then on, deliveries written in a transaction come back claimed when it has room. */
  useDirectSend(direct: DirectSend): void {
    this.direct = direct;
  }

  /** The deliveries claimed for a published payload (once), to send now. */
  takeClaimed(payload: object): ClaimedDelivery[] | undefined {
    const claimed = this.claimed.get(payload);
    this.claimed.delete(payload);
    return claimed;
  }

  /** The webhook events of one domain event that some enabled webhook subscribes to. */
  build<K extends WebhookSource>(event: K, payload: Parameters<typeof webhookEventsOf<K>>[1], now: Date): BuiltEvent[] {
    return webhookEventsOf(event, payload, now).filter((e) => this.subscribed.has(e.type));
  }

  /**
   * Writes the webhook events of `pending` inside `tx` (the caller publishes after commit; the
   * listener then sends the deliveries claimed here, or wakes the drainer for them). Payloads written before (another layer of
   * the same transaction called this already) are skipped, so callers may call it freely.
   */
  async persistWithin(pending: PendingEvents, tx: Tx): Promise<void> {
    if (!this.subscribed.size) return;
    const now = this.clock.now();
    const built: BuiltEvent[] = [];
    const payloadOf = new Map<string, object>();
    for (const [event, payload] of pending.entries()) {
      if (!(WEBHOOK_SOURCES as readonly string[]).includes(event) || this.persisted.has(payload as object)) continue;
      for (const e of this.build(event as WebhookSource, payload as never, now)) {
        built.push(e);
        payloadOf.set(e.id, payload as object);
      }
      this.persisted.add(payload as object);
    }
    if (!built.length) return;
    if (!this.direct?.hasRoom()) {
      await this.repo.enqueue(built, now, tx);
      return;
    }
    // claimed in the insert (leased to this process) and sent as soon as the caller publishes
    // after commit; rolled back with the transaction; left to the lease if this process dies
    for (const d of await this.repo.enqueueClaimed(built, this.direct.leaseUntil(now), tx)) {
      const payload = payloadOf.get(d.eventId)!;
      this.claimed.set(payload, [...(this.claimed.get(payload) ?? []), d]);
    }
  }
}
