import { Module } from '@nestjs/common';
import './call-backs-api.doc';
import { ContactsModule } from '../contacts/contacts.module';
import { DealsModule } from '../deals/deals.module';
import { UsersModule } from '../users/users.module';
import { WebhookWriterModule } from '../webhooks/webhook-writer.module';
import { CallBacksListener } from './call-backs.listener';
import { MissedCallSettingsController } from './missed-call-settings.controller';
import { MissedCallSettingsRepository } from './missed-call-settings.repository';
import { MissedCallSettingsService } from './missed-call-settings.service';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  imports: [DealsModule, ContactsModule, UsersModule, WebhookWriterModule],
  controllers: [TasksController, MissedCallSettingsController],
  providers: [TasksRepository, TasksService, MissedCallSettingsRepository, MissedCallSettingsService, CallBacksListener],
  exports: [TasksService],
})
export class TasksModule {}
