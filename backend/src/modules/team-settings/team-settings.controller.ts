import { Body, Controller, Get, Put } from '@nestjs/common';
import { type TeamSettings, UpdateTeamSettingsRequest } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, Roles } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { TeamSettingsService } from './team-settings.service';

@Controller('team-settings')
export class TeamSettingsController {
  constructor(private readonly settings: TeamSettingsService) {}

  /** Everyone signed in: the web app shows dates in the team's zone. */
  @Get()
  @Authenticated()
  get(): Promise<TeamSettings> {
    return this.settings.get();
  }

  @Put()
  @Roles('head')
  update(@CurrentUser() actor: Actor, @Body(new ZodPipe(UpdateTeamSettingsRequest)) body: UpdateTeamSettingsRequest): Promise<TeamSettings> {
    return this.settings.update(actor, body);
  }
}
