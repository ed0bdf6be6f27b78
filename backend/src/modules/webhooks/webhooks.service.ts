import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type CreatedWebhook,
  type CreateWebhookRequest,
  type UpdateWebhookRequest,
  WEBHOOK_PAYLOAD_VERSION,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryQueued,
} from '@callboard/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { Clock } from '../../common/clock/clock';
import { AppException } from '../../common/errors/app.exception';
import type { SecretBox } from '../../common/security/secret-box';
import { WEBHOOK_SECRET_BOX, WebhookDrainer } from './webhook-drainer';
import { WebhookOutboxService } from './webhook-outbox.service';
import { checkTarget } from './webhook-target';
import { WebhooksRepository } from './webhooks.repository';

/** Deliveries listed per webhook (newest first). */
const DELIVERY_LOG_SIZE = 100;

/**
 * Heads manage outbound webhooks: the URL is checked against the SSRF rule when it is saved
 * (and again at every send), the signing secret is generated here, shown once and kept sealed.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly outbox: WebhookOutboxService,
    private readonly drainer: WebhookDrainer,
    private readonly clock: Clock,
    @Inject(WEBHOOK_SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async create(actor: Actor, input: CreateWebhookRequest): Promise<CreatedWebhook> {
    this.mustBeHead(actor);
    await this.mustBeAllowedTarget(input.url, input.allowedHosts);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const webhook = await this.repo.insert({ ...input, secretEnc: this.box.seal(secret), createdBy: actor.id });
    await this.outbox.refresh();
    this.logger.log(`webhook ${webhook.id} created by user ${actor.id} for ${webhook.events.join(', ')}`);
    return { webhook, secret };
  }

  list(actor: Actor): Promise<Webhook[]> {
    this.mustBeHead(actor);
    return this.repo.list();
  }

  async update(actor: Actor, id: string, input: UpdateWebhookRequest): Promise<Webhook> {
    this.mustBeHead(actor);
    const current = await this.mustExist(id);
    if (input.url !== undefined || input.allowedHosts !== undefined) {
      await this.mustBeAllowedTarget(input.url ?? current.url, input.allowedHosts ?? current.allowedHosts);
    }
    const updated = await this.repo.update(id, input);
    if (!updated) throw new AppException('WEBHOOK_NOT_FOUND', 'No such webhook');
    await this.outbox.refresh();
    if (input.enabled === true) this.drainer.kick();
    this.logger.log(`webhook ${id} updated by user ${actor.id}${input.enabled !== undefined ? ` (enabled: ${input.enabled})` : ''}`);
    return updated;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.mustBeHead(actor);
    if (!(await this.repo.remove(id))) throw new AppException('WEBHOOK_NOT_FOUND', 'No such webhook');
    await this.outbox.refresh();
    this.logger.log(`webhook ${id} deleted by user ${actor.id}`);
  }

  async deliveries(actor: Actor, id: string): Promise<WebhookDelivery[]> {
    this.mustBeHead(actor);
    await this.mustExist(id);
    return this.repo.deliveries(id, DELIVERY_LOG_SIZE);
  }

  /** Sends a delivery's event again, as a new delivery with the same event id (the receiver may dedupe it). */
  async redeliver(actor: Actor, id: string, deliveryId: string): Promise<WebhookDeliveryQueued> {
    this.mustBeHead(actor);
    await this.mustBeEnabled(id);
    const queued = await this.repo.redeliver(id, deliveryId, this.clock.now());
    if (!queued) throw new AppException('WEBHOOK_DELIVERY_NOT_FOUND', 'No such delivery of this webhook');
    this.logger.log(`webhook ${id}: delivery ${deliveryId} redelivered as ${queued.deliveryId} by user ${actor.id}`);
    this.drainer.kick();
    return queued;
  }

  /** A `webhook.ping` event to this webhook only. */
  async ping(actor: Actor, id: string): Promise<WebhookDeliveryQueued> {
    this.mustBeHead(actor);
    await this.mustBeEnabled(id);
    const now = this.clock.now();
    const eventId = randomUUID();
    const body = JSON.stringify({ id: eventId, type: 'webhook.ping', version: WEBHOOK_PAYLOAD_VERSION, occurredAt: now.toISOString(), data: { webhookId: id } });
    const deliveryId = await this.repo.enqueueFor(id, { id: eventId, type: 'webhook.ping', body, occurredAt: now }, now);
    this.drainer.kick();
    return { deliveryId, eventId };
  }

  private async mustBeAllowedTarget(url: string, allowedHosts: readonly string[]): Promise<void> {
    const check = await checkTarget(url, allowedHosts);
    if (!check.ok) throw new AppException('WEBHOOK_TARGET_REFUSED', `This webhook URL is refused: ${check.reason}`);
  }

  private async mustExist(id: string): Promise<Webhook> {
    const webhook = await this.repo.get(id);
    if (!webhook) throw new AppException('WEBHOOK_NOT_FOUND', 'No such webhook');
    return webhook;
  }

  private async mustBeEnabled(id: string): Promise<void> {
    if (!(await this.mustExist(id)).enabled) throw new AppException('WEBHOOK_DISABLED', 'This webhook is disabled; enable it first');
  }

  private mustBeHead(actor: Actor): void {
    if (!isHead(actor)) throw new AppException('FORBIDDEN', 'Only a Head manages webhooks');
  }
}
