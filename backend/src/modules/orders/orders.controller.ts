import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { type Order, OrderListQuery, type SalesProfile, UpdateSalesProfileRequest } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, ApiKeyScope } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { OrdersService } from './orders.service';

@ApiKeyScope('orders')
@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get('orders')
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(OrderListQuery)) q: OrderListQuery): Promise<Order[]> {
    return this.orders.list(actor, q);
  }

  @Get('orders/:id')
  @Authenticated()
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Order> {
    return this.orders.get(actor, id);
  }

  @Post('orders/:id/paid')
  @HttpCode(200)
  @Authenticated()
  paid(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Order> {
    return this.orders.markPaid(actor, id);
  }

  @Get('contacts/:id/sales-profile')
  @ApiKeyScope('contacts')
  @Authenticated()
  profile(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<SalesProfile> {
    return this.orders.profile(actor, id);
  }

  @Patch('contacts/:id/sales-profile')
  @ApiKeyScope('contacts')
  @Authenticated()
  updateProfile(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(UpdateSalesProfileRequest)) body: UpdateSalesProfileRequest,
  ): Promise<SalesProfile> {
    return this.orders.updateProfile(actor, id, body);
  }
}
