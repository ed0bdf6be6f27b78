import { Module } from '@nestjs/common';
import { AutomationModule } from '../automation/automation.module';
import { DealsModule } from '../deals/deals.module';
import { TasksModule } from '../tasks/tasks.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import './wrap-ups-api.doc';
import { WrapUpsController } from './wrap-ups.controller';
import { WrapUpsRepository } from './wrap-ups.repository';
import { WrapUpsService } from './wrap-ups.service';

@Module({
  imports: [DealsModule, TasksModule, AutomationModule, WebhooksModule],
  controllers: [WrapUpsController],
  providers: [WrapUpsRepository, WrapUpsService],
  exports: [WrapUpsService],
})
export class WrapUpsModule {}
