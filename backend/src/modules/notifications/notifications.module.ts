import { Module } from '@nestjs/common';
import './alerts-api.doc';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { MailerService } from './mailer.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController, AlertsController],
  providers: [NotificationsRepository, NotificationsService, MailerService, AlertsService],
  exports: [NotificationsService, MailerService],
})
export class NotificationsModule {}
