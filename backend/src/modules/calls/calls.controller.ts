import { Controller, Get, Query } from '@nestjs/common';
import { type Call, CallListQuery } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { CallsService } from './calls.service';

@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  /** Call history: a Seller's own calls (placed, answered or rung), a Head's all. */
  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(CallListQuery)) query: CallListQuery): Promise<Call[]> {
    return this.calls.list(actor, query);
  }
}
