import { Global, Module } from '@nestjs/common';
import './team-settings-api.doc';
import { BusinessZone } from '../../common/clock/business-zone';
import { TeamSettingsController } from './team-settings.controller';
import { TeamSettingsRepository } from './team-settings.repository';
import { TeamSettingsService } from './team-settings.service';

/** Global: the clock, Today, the digest, deals, orders and reports read the team's zone. */
@Global()
@Module({
  controllers: [TeamSettingsController],
  providers: [TeamSettingsRepository, TeamSettingsService, { provide: BusinessZone, useExisting: TeamSettingsService }],
  exports: [TeamSettingsService, BusinessZone],
})
export class TeamSettingsModule {}
