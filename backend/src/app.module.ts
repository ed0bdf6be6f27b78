import { Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { DatabaseModule } from './common/database/database.module';
import { ConfigModule } from './config/config.module';
import { AuthModule } from './modules/auth/auth.module';
import { ContactsModule } from './modules/contacts/contacts.module';
import { DealsModule } from './modules/deals/deals.module';
import { HealthController } from './modules/health/health.controller';
import { PipelinesModule } from './modules/pipelines/pipelines.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { DemoSeed } from './modules/seed/demo-seed';
import { UsersModule } from './modules/users/users.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    CommonModule,
    AuthModule,
    UsersModule,
    PipelinesModule,
    ContactsModule,
    DealsModule,
    RealtimeModule,
  ],
  controllers: [HealthController],
  providers: [DemoSeed],
})
export class AppModule {}
