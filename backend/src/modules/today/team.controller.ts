import { Controller, Get } from '@nestjs/common';
import type { TeamTodayFigures } from '@callboard/contracts';
import { type Actor, CurrentUser, Roles, ApiKeyScope } from '../../common/access/access.decorators';
import { TodayService } from './today.service';

@Controller('team')
export class TeamController {
  constructor(private readonly today: TodayService) {}

  @Get('today')
  @ApiKeyScope('reports')
  @Roles('head')
  figures(@CurrentUser() actor: Actor): Promise<TeamTodayFigures> {
    return this.today.teamFigures(actor);
  }
}
