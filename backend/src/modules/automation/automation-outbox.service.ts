import { Injectable } from '@nestjs/common';
import type { Tx } from '../../common/database/transactions';
import type { PendingEvents } from '../../common/events/pending-events';
import { RULE_SOURCES, type RuleSource } from './event-intake';
import { OutboxWorker } from './outbox.worker';

/**
 * What other modules use to hand the rules their events inside their own transaction, so a crash
 * cannot commit a change and lose the rule's event (the calls path does).
 */
@Injectable()
export class AutomationOutboxService {
  constructor(private readonly worker: OutboxWorker) {}

  /**
   * Writes the outbox rows of the rule-relevant events in `pending` inside `tx`, and marks them so
   * the bus does not queue them again when the caller publishes after commit. Returns the rows'
   * ids. The caller must publish `pending` only after the commit.
   */
  persistWithin(pending: PendingEvents, tx: Tx): Promise<string[]> {
    return this.worker.persistWithin(
      pending.entries().filter(([event]) => (RULE_SOURCES as readonly string[]).includes(event)) as [RuleSource, object][],
      tx,
    );
  }

  /** Runs rows written in `tx` through the rules now; only in a transaction that will be rolled back (the warm-up). */
  rehearseWithin(ids: string[], tx: Tx): Promise<void> {
    return this.worker.rehearseWithin(ids, tx);
  }
}
