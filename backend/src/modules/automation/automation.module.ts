import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TasksModule } from '../tasks/tasks.module';
import './sales-api.doc';
import { AutomationController } from './automation.controller';
import { AutomationEngine } from './automation.engine';
import { AutomationOutboxService } from './automation-outbox.service';
import { AutomationListener } from './automation.listener';
import { AutomationRepository } from './automation.repository';
import { AutomationScheduler } from './automation.scheduler';
import { EventIntake } from './event-intake';
import { OutboxRepository } from './outbox.repository';
import { OutboxWorker } from './outbox.worker';
import { RuleActions } from './rule-actions';
import { RulesService } from './rules.service';
import { TestHooksController } from './test-hooks.controller';
import { TimersRepository } from './timers.repository';

@Module({
  imports: [DealsModule, TasksModule, NotificationsModule],
  controllers: [AutomationController, TestHooksController],
  providers: [
    AutomationOutboxService,
    AutomationRepository,
    TimersRepository,
    OutboxRepository,
    RulesService,
    RuleActions,
    EventIntake,
    AutomationEngine,
    OutboxWorker,
    AutomationListener,
    AutomationScheduler,
  ],
  exports: [RulesService, AutomationOutboxService],
})
export class AutomationModule {}
