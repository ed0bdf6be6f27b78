import type { DomainEventMap, DomainEvents } from './domain-events';

/**
 * Events decided inside a transaction and published only after it commits, so no client ever
 * hears of a change that was rolled back.
 */
export class PendingEvents {
  private readonly queue: { [K in keyof DomainEventMap]: [K, DomainEventMap[K]] }[keyof DomainEventMap][] = [];

  add<K extends keyof DomainEventMap>(event: K, payload: DomainEventMap[K]): void {
    this.queue.push([event, payload] as never);
  }

  /** The events queued so far, in order, without taking them (e.g. to write outbox rows in the same transaction). */
  entries(): readonly { [K in keyof DomainEventMap]: [K, DomainEventMap[K]] }[keyof DomainEventMap][] {
    return this.queue;
  }

  publish(bus: DomainEvents): void {
    for (const [event, payload] of this.queue.splice(0)) bus.emit(event, payload as never);
  }
}
