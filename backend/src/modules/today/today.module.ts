import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { TodayController } from './today.controller';
import { TodayRepository } from './today.repository';
import { TodayService } from './today.service';

@Module({
  imports: [UsersModule],
  controllers: [TodayController],
  providers: [TodayRepository, TodayService],
})
export class TodayModule {}
