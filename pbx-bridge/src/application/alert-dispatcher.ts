import type { BridgeAlertInput } from '@callboard/contracts';
import { Logger } from '../common/logger';
import type { AlertSink } from '../ports/alert-sink.port';

export interface AlertOptions {
  /** Tries per alert before it is given up (logged). */
  attempts: number;
  /** First pause between tries; doubled each time. */
  retryMs: number;
  /** Alerts waiting at most; beyond this the newest are dropped (counted in the log). */
  maxQueued: number;
}

/**
 * Raises alerts in the CRM in the background: `raise` never waits and never fails, so an alert
 * can never hold back delivery. Each alert is tried a few times; a bounded queue caps a flood.
 */
export class AlertDispatcher {
  private readonly logger = new Logger(AlertDispatcher.name);
  private readonly queue: BridgeAlertInput[] = [];
  private draining: Promise<void> | null = null;
  private stopped = false;
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly sink: AlertSink,
    private readonly options: AlertOptions,
  ) {}

  raise(alert: BridgeAlertInput): void {
    if (this.stopped) return;
    if (this.queue.length >= this.options.maxQueued) {
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 100 === 0) {
        this.logger.warn('alert queue full, alert not sent to the CRM', { dropped: this.dropped, callId: alert.callId ?? undefined });
      }
      return;
    }
    this.queue.push(alert);
    this.kick();
  }

  /** Resolves when nothing is queued (tests) or the dispatcher stopped. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Stops at once; what is still queued is logged, not sent. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.draining;
    if (this.queue.length) this.logger.warn('alerts not sent at shutdown', { count: this.queue.length });
  }

  private kick(): void {
    if (this.draining || this.stopped || this.queue.length === 0) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      this.kick(); // an alert raised while the last pass was finishing
    });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.queue.length) {
      const alert = this.queue[0]!;
      let outcome = await this.sendOnce(alert);
      for (let attempt = 1; outcome === 'retry' && attempt < this.options.attempts && !this.stopped; attempt++) {
        await this.pause(this.options.retryMs * 2 ** (attempt - 1));
        if (this.stopped) break;
        outcome = await this.sendOnce(alert);
      }
      if (this.stopped && outcome === 'retry') break;
      this.queue.shift();
      if (outcome !== 'sent') {
        this.logger.error('alert not delivered to the CRM, given up', { callId: alert.callId ?? undefined, kind: alert.kind, outcome });
      }
    }
  }

  private async sendOnce(alert: BridgeAlertInput): Promise<'sent' | 'retry' | 'refused'> {
    try {
      return await this.sink.send(alert);
    } catch (e) {
      this.logger.warn('alert sink failed', { error: String(e) });
      return 'retry';
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    }).then(() => {
      this.wake = null;
      this.timer = null;
    });
  }
}
