import type { CallEvent } from '@callboard/contracts';
import { Logger } from '../common/logger';
import type { CrmSink } from '../ports/crm-sink.port';
import type { EventJournal, JournalEntry } from './event-journal';

export interface DeliveryOptions {
  batchSize: number;
  minBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * Delivers the journal's undelivered events to the CRM in batches, oldest first, at least once.
 * 2xx: done. Permanent 4xx: a batch is split so only the refused events are dropped (logged).
 * Anything else: retry the same batch with exponential backoff (jittered).
 */
export class OutboxDeliveryService {
  private readonly logger = new Logger(OutboxDeliveryService.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private backoffMs = 0;
  private sleepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly journal: EventJournal,
    private readonly sink: CrmSink,
    private readonly options: DeliveryOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New events are in the journal. Does not cut a retry backoff short. */
  notify(): void {
    if (this.backoffMs === 0) this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const batch = this.journal.pending(this.options.batchSize);
      if (batch.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      const ok = await this.deliverBatch(batch);
      if (ok) {
        this.backoffMs = 0;
      } else {
        this.backoffMs = Math.min(
          this.options.maxBackoffMs,
          Math.max(this.options.minBackoffMs, this.backoffMs * 2),
        );
        const delay = Math.round(this.backoffMs * (0.8 + Math.random() * 0.4));
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.sleepTimer = setTimeout(resolve, delay);
        });
        this.wake = null;
      }
    }
  }

  /** Returns false when the batch must be retried later. */
  private async deliverBatch(batch: JournalEntry[]): Promise<boolean> {
    const outcome = await this.sink.deliver(batch.map((b) => b.event));
    switch (outcome.kind) {
      case 'delivered':
        await this.journal.markDone(batch.map((b) => b.id));
        this.logger.debug('delivered', { count: batch.length });
        return true;
      case 'retry':
        this.logger.warn('CRM delivery failed, will retry', {
          status: outcome.status,
          detail: outcome.detail,
          count: batch.length,
          callId: batch[0]?.event.callId,
        });
        return false;
      case 'rejected':
        if (batch.length > 1) {
          // find the refused ones: one at a time
          for (const entry of batch) {
            if (!(await this.deliverBatch([entry]))) return false;
          }
          return true;
        }
        this.logDropped(batch[0]!.event, outcome.status, outcome.detail);
        await this.journal.markDone([batch[0]!.id]);
        return true;
    }
  }

  private logDropped(event: CallEvent, status: number, detail: string): void {
    this.logger.error('CRM rejected event, dropped', {
      callId: event.callId,
      type: event.type,
      status,
      detail: detail.slice(0, 500),
    });
  }
}
