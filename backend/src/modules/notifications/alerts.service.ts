import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { BridgeAlert, BridgeAlertAnswer } from '@callboard/contracts';
import { ENV, type Env } from '../../config/env';
import { Transactions } from '../../common/database/transactions';
import { NotificationsService } from './notifications.service';

/** One coalescing window per alert kind. */
interface Window {
  until: number;
  suppressed: number;
  last: BridgeAlert | null;
  timer: NodeJS.Timeout | null;
}

const TITLES: Record<BridgeAlert['kind'], string> = {
  'call-event-dead-lettered': 'A call event could not be applied',
};

/**
 * Alerts raised by the pbx-bridge: logged, and every active Head gets an in-app notification. A
 * flood is coalesced per kind: the first alert of a window notifies at once, the rest of that
 * window become one summary at its end, so the Heads get at most two notifications per window.
 */
@Injectable()
export class AlertsService implements OnApplicationShutdown {
  private readonly logger = new Logger(AlertsService.name);
  private readonly windows = new Map<BridgeAlert['kind'], Window>();

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly notifications: NotificationsService,
    private readonly tx: Transactions,
  ) {}

  async raise(alert: BridgeAlert): Promise<BridgeAlertAnswer> {
    this.logger.error(`pbx-bridge alert ${alert.kind}: call ${alert.callId ?? '-'} event ${alert.eventType ?? '-'}: ${alert.reason}`);
    const now = Date.now();
    const window = this.windows.get(alert.kind);
    if (window && now < window.until) {
      window.suppressed++;
      window.last = alert;
      window.timer ??= setTimeout(() => void this.summarise(alert.kind), window.until - now);
      window.timer.unref();
      return { notified: 0, coalesced: true };
    }
    this.windows.set(alert.kind, { until: now + this.env.ALERT_COALESCE_MS, suppressed: 0, last: null, timer: null });
    const notified = await this.notifyHeads(TITLES[alert.kind], describe(alert));
    return { notified, coalesced: false };
  }

  onApplicationShutdown(): void {
    for (const w of this.windows.values()) if (w.timer) clearTimeout(w.timer);
  }

  /** End of a window that swallowed alerts: one summary, and a new window so a steady flood stays bounded. */
  private async summarise(kind: BridgeAlert['kind']): Promise<void> {
    const window = this.windows.get(kind);
    if (!window || window.suppressed === 0) return;
    const { suppressed, last } = window;
    this.windows.set(kind, { until: Date.now() + this.env.ALERT_COALESCE_MS, suppressed: 0, last: null, timer: null });
    const body = `${suppressed} more in the last ${Math.round(this.env.ALERT_COALESCE_MS / 1000)} s; the latest: ${last ? describe(last) : ''}`;
    try {
      await this.notifyHeads(TITLES[kind], body);
    } catch (err) {
      this.logger.error(`alert summary not stored: ${err instanceof Error ? err.message : err}`);
    }
  }

  private async notifyHeads(title: string, body: string): Promise<number> {
    const { count, push } = await this.tx.run(async (tx) => {
      const heads = await this.notifications.userIds('heads', null, tx);
      return { count: heads.length, push: await this.notifications.notify(heads, { title, body, dealId: null, ruleId: null }, tx) };
    });
    push();
    return count;
  }
}

function describe(alert: BridgeAlert): string {
  const what = alert.eventType ? `The "${alert.eventType}" event` : 'An event';
  return (
    `${what} of call ${alert.callId ?? '(no Call-ID)'} was set aside by the pbx-bridge (${alert.reason}). ` +
    'The call may be missing from its deal; the event is kept in the bridge’s dead-letter file.'
  );
}
