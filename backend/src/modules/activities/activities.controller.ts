import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { type Activity, CloseLostRequest, CreateActivityRequest, type Deal, LostReasonsSettings } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, Roles, ApiKeyScope } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { ActivitiesService } from './activities.service';

@Controller()
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Get('deals/:id/activities')
  @ApiKeyScope('deals')
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Activity[]> {
    return this.activities.list(actor, id);
  }

  @Post('deals/:id/activities')
  @ApiKeyScope('deals')
  @Authenticated()
  create(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(CreateActivityRequest)) body: CreateActivityRequest): Promise<Activity> {
    return this.activities.create(actor, id, body);
  }

  @Post('deals/:id/close-lost')
  @ApiKeyScope('deals')
  @HttpCode(200)
  @Authenticated()
  closeLost(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(CloseLostRequest)) body: CloseLostRequest): Promise<Deal> {
    return this.activities.closeLost(actor, id, body);
  }

  @Get('settings/lost-reasons')
  @ApiKeyScope('deals')
  @Authenticated()
  lostReasons(): Promise<LostReasonsSettings> {
    return this.activities.lostReasons();
  }

  @Put('settings/lost-reasons')
  @Roles('head')
  setLostReasons(@CurrentUser() actor: Actor, @Body(new ZodPipe(LostReasonsSettings)) body: LostReasonsSettings): Promise<LostReasonsSettings> {
    return this.activities.setLostReasons(actor, body);
  }
}
