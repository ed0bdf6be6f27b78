import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { UsersModule } from '../users/users.module';
import { WebhookWriterModule } from '../webhooks/webhook-writer.module';
import { DealsController } from './deals.controller';
import { DealsRepository } from './deals.repository';
import { DealsService } from './deals.service';
import { LostReasonsService } from './lost-reasons.service';

@Module({
  imports: [PipelinesModule, ContactsModule, UsersModule, WebhookWriterModule],
  controllers: [DealsController],
  providers: [DealsRepository, DealsService, LostReasonsService],
  exports: [DealsService, LostReasonsService],
})
export class DealsModule {}
