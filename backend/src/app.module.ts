import { Module } from '@nestjs/common';
import { ClockModule } from './common/clock/clock.module';
import { CommonModule } from './common/common.module';
import { DatabaseModule } from './common/database/database.module';
import { ConfigModule } from './config/config.module';
import { AuthModule } from './modules/auth/auth.module';
import { CallsModule } from './modules/calls/calls.module';
import { ContactsModule } from './modules/contacts/contacts.module';
import { DealsModule } from './modules/deals/deals.module';
import { DevicesModule } from './modules/devices/devices.module';
import { HealthModule } from './modules/health/health.module';
import { I18nModule } from './modules/i18n/i18n.module';
import { DialPolicyModule } from './modules/dial-policy/dial-policy.module';
import { PipelinesModule } from './modules/pipelines/pipelines.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { TelephonyModule } from './modules/telephony/telephony.module';
import { TlsModule } from './modules/tls/tls.module';
import { DemoSeed } from './modules/seed/demo-seed';
import { UsersModule } from './modules/users/users.module';
// sales process
import { ActivitiesModule } from './modules/activities/activities.module';
import { AutomationModule } from './modules/automation/automation.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OffersModule } from './modules/offers/offers.module';
import { OrdersModule } from './modules/orders/orders.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { SearchModule } from './modules/search/search.module';
import { TodayModule } from './modules/today/today.module';
import { ReportsModule } from './modules/reports/reports.module';
import { ConversationModule } from './modules/conversation/conversation.module';
import { TeamSettingsModule } from './modules/team-settings/team-settings.module';
import { WallboardModule } from './modules/wallboard/wallboard.module';
import { WrapUpsModule } from './modules/wrap-ups/wrap-ups.module';
import { InboxModule } from './modules/inbox/inbox.module';
import { WebFormsModule } from './modules/web-forms/web-forms.module';
import { ImportsModule } from './modules/imports/imports.module';
import { RecordingsModule } from './modules/recordings/recordings.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { ExportsModule } from './modules/exports/exports.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    CommonModule,
    ClockModule,
    TeamSettingsModule,
    I18nModule,
    AuthModule,
    UsersModule,
    PipelinesModule,
    ContactsModule,
    DealsModule,
    RealtimeModule,
    TasksModule,
    NotificationsModule,
    AutomationModule,
    ActivitiesModule,
    OrdersModule,
    OffersModule,
    WrapUpsModule,
    InboxModule,
    WebFormsModule,
    ImportsModule,
    TodayModule,
    ReportsModule,
    ExportsModule,
    ConversationModule,
    SearchModule,
    CallsModule,
    TelephonyModule,
    DevicesModule,
    HealthModule,
    TlsModule,
    DialPolicyModule,
    WallboardModule,
    RecordingsModule,
    ApiKeysModule,
    WebhooksModule,
  ],
  providers: [DemoSeed],
})
export class AppModule {}
