import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ChangeOfferStatusRequest, CreateOfferRequest, type Offer, OfferListQuery, ReviseOfferRequest, UpdateOfferRequest } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, ApiKeyScope } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { OffersService } from './offers.service';

@ApiKeyScope('offers')
@Controller('offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(OfferListQuery)) q: OfferListQuery): Promise<Offer[]> {
    return this.offers.list(actor, q);
  }

  @Post()
  @Authenticated()
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateOfferRequest)) body: CreateOfferRequest): Promise<Offer> {
    return this.offers.create(actor, body);
  }

  @Get(':id')
  @Authenticated()
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Offer> {
    return this.offers.get(actor, id);
  }

  @Patch(':id')
  @Authenticated()
  update(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(UpdateOfferRequest)) body: UpdateOfferRequest): Promise<Offer> {
    return this.offers.update(actor, id, body);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Authenticated()
  status(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(ChangeOfferStatusRequest)) body: ChangeOfferStatusRequest): Promise<Offer> {
    return this.offers.changeStatus(actor, id, body);
  }

  @Post(':id/revise')
  @Authenticated()
  revise(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(ReviseOfferRequest)) body: ReviseOfferRequest): Promise<Offer> {
    return this.offers.revise(actor, id, body);
  }
}
