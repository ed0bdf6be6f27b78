import { Module } from '@nestjs/common';
import { WebhookWriterService } from './webhook-writer.service';
import { WebhooksRepository } from './webhooks.repository';

/** The webhook outbox's writing half, for the deals and tasks modules (no dependency on notifications or realtime). */
@Module({
  providers: [WebhooksRepository, WebhookWriterService],
  exports: [WebhookWriterService],
})
export class WebhookWriterModule {}
