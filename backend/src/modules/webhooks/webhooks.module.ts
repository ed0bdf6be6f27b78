import { Module } from '@nestjs/common';
import { SecretBox } from '../../common/security/secret-box';
import { ENV, type Env } from '../../config/env';
import { NotificationsModule } from '../notifications/notifications.module';
import { WEBHOOK_SECRET_BOX, WebhookDrainer } from './webhook-drainer';
import { WebhookOutboxService } from './webhook-outbox.service';
import { WebhookWriterModule } from './webhook-writer.module';
import './webhooks-api.doc';
import { WebhooksController, WebhooksInternalController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks: exports the outbox the calls path writes into within its transaction. */
@Module({
  imports: [NotificationsModule, WebhookWriterModule],
  controllers: [WebhooksController, WebhooksInternalController],
  providers: [
    WebhooksRepository,
    WebhooksService,
    WebhookOutboxService,
    WebhookDrainer,
    { provide: WEBHOOK_SECRET_BOX, inject: [ENV], useFactory: (env: Env) => new SecretBox(env.WEBHOOK_SECRET_KEY ?? env.JWT_SECRET, 'webhook-secrets') },
  ],
  exports: [WebhookOutboxService],
})
export class WebhooksModule {}
