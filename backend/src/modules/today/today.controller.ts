import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { DismissTodayItemRequest, type TodayList, TodayQuery } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { TodayService } from './today.service';

@Controller('today')
export class TodayController {
  constructor(private readonly today: TodayService) {}

  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(TodayQuery)) q: TodayQuery): Promise<TodayList> {
    return this.today.list(actor, q);
  }

  @Post('dismissals')
  @HttpCode(204)
  @Authenticated()
  dismiss(@CurrentUser() actor: Actor, @Body(new ZodPipe(DismissTodayItemRequest)) body: DismissTodayItemRequest): Promise<void> {
    return this.today.dismiss(actor, body);
  }
}
