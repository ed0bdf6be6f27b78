import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { DigestController } from './digest.controller';
import { DigestRepository } from './digest.repository';
import { DigestService } from './digest.service';
import { TodayController } from './today.controller';
import { TodayRepository } from './today.repository';
import { TodayService } from './today.service';

@Module({
  imports: [UsersModule, NotificationsModule],
  controllers: [TodayController, DigestController],
  providers: [TodayRepository, TodayService, DigestRepository, DigestService],
})
export class TodayModule {}
