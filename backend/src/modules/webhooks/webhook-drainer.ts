import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions } from '../../common/database/transactions';
import { SecretBox } from '../../common/security/secret-box';
import { ENV, type Env } from '../../config/env';
import { NotificationsService } from '../notifications/notifications.service';
import { retryDelayMs } from './webhook-events';
import { sendWebhook, type SendOutcome } from './webhook-sender';
import { hostOf } from './webhook-target';
import { type ClaimedDelivery, WebhooksRepository } from './webhooks.repository';

export const WEBHOOK_SECRET_BOX = Symbol('WEBHOOK_SECRET_BOX');

/** Loops draining side by side in one process, and deliveries each takes at a time (up to 16 requests in flight). */
const LANES = 8;
const PER_CLAIM = 2;
/** Deliveries sent straight from their insert at once, at most; beyond it new ones wait for the lanes. */
const MAX_DIRECT = 32;

/**
 * Drains the webhook outbox: takes due deliveries (FOR UPDATE SKIP LOCKED and a lease, so any
 * number of backend nodes may drain together), sends them, logs each attempt, schedules retries
 * with back-off, gives a delivery up after WEBHOOK_MAX_ATTEMPTS, and switches a webhook off
 * after WEBHOOK_DISABLE_AFTER failures in a row, telling the Heads.
 */
@Injectable()
export class WebhookDrainer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDrainer.name);
  private interval?: NodeJS.Timeout;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private readonly pollHooks: (() => Promise<void>)[] = [];
  private direct = 0;
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    @Inject(WEBHOOK_SECRET_BOX) private readonly box: SecretBox,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    this.interval = setInterval(() => {
      for (const hook of this.pollHooks) hook().catch((err) => this.logger.warn(`poll hook failed: ${err?.message ?? err}`));
      this.kick();
    }, this.env.WEBHOOK_POLL_MS);
    this.interval.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.interval);
    await this.running?.catch(() => 0);
    await Promise.allSettled([...this.sending]);
  }

  onPoll(hook: () => Promise<void>): void {
    this.pollHooks.push(hook);
  }

  /** Wakes the drainer (new deliveries are due). */
  kick(): void {
    void this.drain().catch((err) => this.logger.error('webhook drain failed', err instanceof Error ? err.stack : err));
  }

  /** Drains until nothing is due; a call while draining makes the running pass go round again. Resolves with the attempts made. */
  drain(): Promise<number> {
    if (this.stopped) return Promise.resolve(0);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let attempted = 0;
      try {
        do {
          this.again = false;
          // LANES loops side by side, each taking a few due deliveries at a time: one slow
          // receiver holds up its lane only, and SKIP LOCKED keeps the lanes (and other nodes) apart
          const counts = await Promise.all(Array.from({ length: LANES }, () => this.lane()));
          attempted += counts.reduce((a, b) => a + b, 0);
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
      return attempted;
    })();
    return this.running;
  }

  /** Until when a taken delivery is this process's (after it, another drainer may take it again). */
  leaseUntil(now = this.clock.now()): Date {
    return new Date(now.getTime() + this.env.WEBHOOK_CONNECT_TIMEOUT_MS + this.env.WEBHOOK_RESPONSE_TIMEOUT_MS + 30_000);
  }

  /** True when this process may take more deliveries straight from their insert (not too many in flight). */
  get hasRoom(): boolean {
    return !this.stopped && this.direct < MAX_DIRECT;
  }

  /** Sends deliveries this process claimed when it wrote them (WebhookOutboxService), without waiting for a drain pass. */
  sendClaimed(claimed: ClaimedDelivery[]): void {
    for (const d of claimed) {
      this.direct++;
      const sent = this.deliver(d).finally(() => {
        this.direct--;
        this.sending.delete(sent);
      });
      this.sending.add(sent);
    }
  }

  private async lane(): Promise<number> {
    let attempted = 0;
    while (!this.stopped) {
      const claimed = await this.repo.claim(this.clock.now(), this.leaseUntil(), PER_CLAIM);
      if (!claimed.length) break;
      await Promise.all(claimed.map((d) => this.deliver(d)));
      attempted += claimed.length;
    }
    return attempted;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const at = this.clock.now();
    let outcome: SendOutcome;
    try {
      outcome = await sendWebhook({
        url: d.url,
        allowedHosts: d.allowedHosts,
        secret: this.box.open(d.secretEnc),
        body: d.body,
        eventId: d.eventId,
        eventType: d.eventType,
        // wall time, not the (test-movable) business clock: receivers compare it with their own clocks
        timestamp: Math.floor(Date.now() / 1000),
        connectTimeoutMs: this.env.WEBHOOK_CONNECT_TIMEOUT_MS,
        responseTimeoutMs: this.env.WEBHOOK_RESPONSE_TIMEOUT_MS,
      });
    } catch (err) {
      // the secret could not be opened (another key): an outcome like any other, logged with ids
      outcome = { ok: false, statusCode: null, durationMs: 0, responseExcerpt: null, error: `not sent: ${err instanceof Error ? err.message : 'error'}` };
    }
    const log = `webhook ${d.webhookId} delivery ${d.id} event ${d.eventId} (${d.eventType}) attempt ${d.attempts}`;
    if (outcome.ok) this.logger.debug(`${log}: ${outcome.statusCode} in ${outcome.durationMs} ms`);
    else this.logger.warn(`${log}: failed: ${outcome.error}`);
    try {
      if (outcome.ok) {
        // one statement: the attempt, the delivery done, the failure streak ended
        await this.repo.delivered({ deliveryId: d.id, at, ...outcome }, d.webhookId, d.attempts, this.clock.now());
        return;
      }
      const push = await this.tx.run(
        async (tx) => {
          await this.repo.logAttempt({ deliveryId: d.id, at, ...outcome }, tx);
          const retryAt = d.attempts >= this.env.WEBHOOK_MAX_ATTEMPTS ? null : new Date(this.clock.now().getTime() + retryDelayMs(d.attempts));
          const hook = await this.repo.failed(d.id, d.webhookId, d.attempts, retryAt, this.clock.now(), tx);
          if (!hook || !hook.enabled || hook.streak < this.env.WEBHOOK_DISABLE_AFTER) return null;
          if (!(await this.repo.disableForFailures(d.webhookId, this.clock.now(), tx))) return null;
          this.logger.warn(`webhook ${d.webhookId} switched off after ${hook.streak} failed attempts in a row`);
          const heads = await this.notifications.userIds('heads', null, tx);
          const host = hostOf(new URL(hook.url));
          const error = (outcome.error ?? '').slice(0, 120);
          return this.notifications.notify(
            heads,
            {
              text: (w) => ({ title: w.t('webhook.disabled.title', { name: hook.name }), body: w.t('webhook.disabled.body', { count: hook.streak, host, error }) }),
              dealId: null,
              ruleId: null,
            },
            tx,
          );
        },
        { retry: true, label: `webhook delivery ${d.id}` },
      );
      push?.();
    } catch (err) {
      // the lease runs out and the delivery is taken again: at least once, never lost
      this.logger.error(`${log}: could not record the attempt`, err instanceof Error ? err.stack : err);
    }
  }
}
