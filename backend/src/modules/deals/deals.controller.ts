import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  type Board,
  BoardQuery,
  CreateDealRequest,
  type Deal,
  type DealEvent,
  DealListQuery,
  MoveDealRequest,
  type TagUsage,
  UpdateDealRequest,
} from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, ApiKeyScope } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { DealsService } from './deals.service';

@ApiKeyScope('deals')
@Controller()
export class DealsController {
  constructor(private readonly deals: DealsService) {}

  @Get('board')
  @Authenticated()
  board(@CurrentUser() actor: Actor, @Query(new ZodPipe(BoardQuery)) query: BoardQuery): Promise<Board> {
    return this.deals.board(actor, query);
  }

  @Get('deals')
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(DealListQuery)) query: DealListQuery) {
    return this.deals.list(actor, query);
  }

  @Post('deals')
  @Authenticated()
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateDealRequest)) body: CreateDealRequest): Promise<Deal> {
    return this.deals.create(actor, body);
  }

  /** The tags in use on the deals the caller may see, most used first (suggestions). */
  @Get('deals/tags')
  @Authenticated()
  tags(@CurrentUser() actor: Actor): Promise<TagUsage[]> {
    return this.deals.tagsInUse(actor);
  }

  @Get('deals/:id')
  @Authenticated()
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Deal> {
    return this.deals.get(actor, id);
  }

  @Get('deals/:id/events')
  @Authenticated()
  timeline(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<DealEvent[]> {
    return this.deals.timeline(actor, id);
  }

  @Patch('deals/:id')
  @Authenticated()
  update(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(UpdateDealRequest)) body: UpdateDealRequest,
  ): Promise<Deal> {
    return this.deals.update(actor, id, body);
  }

  @Post('deals/:id/move')
  @HttpCode(200)
  @Authenticated()
  move(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(MoveDealRequest)) body: MoveDealRequest,
  ): Promise<Deal> {
    return this.deals.move(actor, id, body);
  }

  /** Heads only; the service tells a Seller why (403). */
  @Delete('deals/:id')
  @HttpCode(204)
  @Authenticated()
  remove(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.deals.remove(actor, id);
  }
}
