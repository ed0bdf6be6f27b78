import { Controller, Get, Query } from '@nestjs/common';
import { type TodayList, TodayQuery } from '@callboard/contracts';
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
}
