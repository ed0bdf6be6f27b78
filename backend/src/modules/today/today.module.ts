import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { DigestController } from './digest.controller';
import { DigestRepository } from './digest.repository';
import { DigestService } from './digest.service';
import { TeamController } from './team.controller';
import { TeamFiguresRepository } from './team-figures.repository';
import { TodayController } from './today.controller';
import { TodayRepository } from './today.repository';
import { TodayService } from './today.service';

@Module({
  imports: [UsersModule, NotificationsModule],
  controllers: [TodayController, TeamController, DigestController],
  providers: [TodayRepository, TeamFiguresRepository, TodayService, DigestRepository, DigestService],
})
export class TodayModule {}
