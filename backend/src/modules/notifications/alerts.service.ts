import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { BridgeAlert, BridgeAlertAnswer } from '@callboard/contracts';
import { ENV, type Env } from '../../config/env';
import { Transactions } from '../../common/database/transactions';
import type { MessageId, Words } from '../../i18n/catalogue';
import { type NotificationText, NotificationsService } from './notifications.service';

/** One coalescing window per alert kind. */
interface Window {
  until: number;
  suppressed: number;
  last: BridgeAlert | null;
  timer: NodeJS.Timeout | null;
}

const TITLES: Record<BridgeAlert['kind'], MessageId> = {
  'call-event-dead-lettered': 'alert.callEventDeadLettered.title',
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
    const notified = await this.notifyHeads((w) => ({ title: w.t(TITLES[alert.kind]), body: describe(alert, w) }));
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
    const seconds = Math.round(this.env.ALERT_COALESCE_MS / 1000);
    const text: NotificationText = (w) => ({
      title: w.t(TITLES[kind]),
      body: w.t('alert.summary.body', { count: suppressed, seconds, latest: last ? describe(last, w) : '' }),
    });
    try {
      await this.notifyHeads(text);
    } catch (err) {
      this.logger.error(`alert summary not stored: ${err instanceof Error ? err.message : err}`);
    }
  }

  /** Every active Head, each in their language. */
  private async notifyHeads(text: NotificationText): Promise<number> {
    const { count, push } = await this.tx.run(async (tx) => {
      const heads = await this.notifications.userIds('heads', null, tx);
      return { count: heads.length, push: await this.notifications.notify(heads, { text, dealId: null, ruleId: null }, tx) };
    });
    push();
    return count;
  }
}

/** What the bridge set aside; its reason stays as the bridge wrote it (a technical detail). */
function describe(alert: BridgeAlert, w: Words): string {
  return w.t('alert.callEventDeadLettered.body', {
    hasEvent: alert.eventType ? 'yes' : 'no',
    event: alert.eventType ?? '',
    hasCallId: alert.callId ? 'yes' : 'no',
    callId: alert.callId ?? '',
    reason: alert.reason,
  });
}
