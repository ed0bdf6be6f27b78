import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  type CreatedWebhook,
  CreateWebhookRequest,
  UpdateWebhookRequest,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryQueued,
} from '@callboard/contracts';
import { type Actor, CurrentUser, Internal, Roles } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { WebhookDrainer } from './webhook-drainer';
import { WebhookOutboxService } from './webhook-outbox.service';
import { WebhooksService } from './webhooks.service';

@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Roles('head')
  list(@CurrentUser() actor: Actor): Promise<Webhook[]> {
    return this.webhooks.list(actor);
  }

  @Post()
  @Roles('head')
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateWebhookRequest)) body: CreateWebhookRequest): Promise<CreatedWebhook> {
    return this.webhooks.create(actor, body);
  }

  @Patch(':id')
  @Roles('head')
  update(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(UpdateWebhookRequest)) body: UpdateWebhookRequest): Promise<Webhook> {
    return this.webhooks.update(actor, id, body);
  }

  @Delete(':id')
  @Roles('head')
  @HttpCode(204)
  remove(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.webhooks.remove(actor, id);
  }

  @Get(':id/deliveries')
  @Roles('head')
  deliveries(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<WebhookDelivery[]> {
    return this.webhooks.deliveries(actor, id);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @Roles('head')
  @HttpCode(202)
  redeliver(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Param('deliveryId', IdPipe) deliveryId: string): Promise<WebhookDeliveryQueued> {
    return this.webhooks.redeliver(actor, id, deliveryId);
  }

  @Post(':id/ping')
  @Roles('head')
  @HttpCode(202)
  ping(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<WebhookDeliveryQueued> {
    return this.webhooks.ping(actor, id);
  }
}

/** Service-token route: the due tasks scanned and one drain pass, now (operations, tests that move the clock). */
@Controller('internal/webhooks')
export class WebhooksInternalController {
  constructor(
    private readonly drainer: WebhookDrainer,
    private readonly outbox: WebhookOutboxService,
  ) {}

  @Post('drain')
  @HttpCode(200)
  @Internal()
  async drain(): Promise<{ attempted: number; tasksDue: number }> {
    const tasksDue = await this.outbox.scanDueTasks();
    return { attempted: await this.drainer.drain(), tasksDue };
  }
}
