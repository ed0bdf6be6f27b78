import { Module } from '@nestjs/common';
import { AutomationModule } from '../automation/automation.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DealsModule } from '../deals/deals.module';
import { TasksModule } from '../tasks/tasks.module';
import { UsersModule } from '../users/users.module';
import { WrapUpsModule } from '../wrap-ups/wrap-ups.module';
import { CallDealPolicy } from './call-deal.policy';
import { CallEventsController } from './call-events.controller';
import { CallsController } from './calls.controller';
import { CallsRepository } from './calls.repository';
import { CallsService } from './calls.service';
import { TransfersRepository } from './transfers.repository';
import { TransfersService } from './transfers.service';

@Module({
  imports: [DealsModule, ContactsModule, UsersModule, AutomationModule, TasksModule, WrapUpsModule, WebhooksModule],
  controllers: [CallEventsController, CallsController],
  providers: [CallsRepository, CallsService, CallDealPolicy, TransfersRepository, TransfersService],
  exports: [CallsService, TransfersService],
})
export class CallsModule {}
