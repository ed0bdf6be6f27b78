import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { SaveWrapUpRequest, type WrapUp, WrapUpListQuery, WrapUpOutcomesSettings } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, Roles } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { WrapUpsService } from './wrap-ups.service';

@Controller()
export class WrapUpsController {
  constructor(private readonly wrapUps: WrapUpsService) {}

  @Get('wrap-ups')
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(WrapUpListQuery)) q: WrapUpListQuery): Promise<WrapUp[]> {
    return this.wrapUps.list(actor, q);
  }

  @Get('wrap-ups/:id')
  @Authenticated()
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<WrapUp> {
    return this.wrapUps.get(actor, id);
  }

  @Put('wrap-ups/:id')
  @Authenticated()
  save(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(SaveWrapUpRequest)) body: SaveWrapUpRequest): Promise<WrapUp> {
    return this.wrapUps.save(actor, id, body);
  }

  @Post('wrap-ups/:id/dismiss')
  @HttpCode(200)
  @Authenticated()
  dismiss(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<WrapUp> {
    return this.wrapUps.dismiss(actor, id);
  }

  @Get('settings/wrap-up-outcomes')
  @Authenticated()
  outcomes(): Promise<WrapUpOutcomesSettings> {
    return this.wrapUps.outcomes();
  }

  @Put('settings/wrap-up-outcomes')
  @Roles('head')
  setOutcomes(@CurrentUser() actor: Actor, @Body(new ZodPipe(WrapUpOutcomesSettings)) body: WrapUpOutcomesSettings): Promise<WrapUpOutcomesSettings> {
    return this.wrapUps.setOutcomes(actor, body);
  }
}
