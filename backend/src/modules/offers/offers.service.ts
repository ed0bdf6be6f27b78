import { Injectable, Logger } from '@nestjs/common';
import type { ChangeOfferStatusRequest, CreateOfferRequest, Offer, OfferListQuery, ReviseOfferRequest, UpdateOfferRequest } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { Transactions } from '../../common/database/transactions';
import { AppException } from '../../common/errors/app.exception';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { DealsService } from '../deals/deals.service';
import { OrdersService } from '../orders/orders.service';
import { NEXT, REVISABLE } from './offer-status';
import { OffersRepository } from './offers.repository';

/** Numbered quotes on a deal: items, exact totals, a status life cycle, versions; accepted ones become orders. */
@Injectable()
export class OffersService {
  private readonly logger = new Logger(OffersService.name);

  constructor(
    private readonly repo: OffersRepository,
    private readonly deals: DealsService,
    private readonly orders: OrdersService,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
  ) {}

  list(actor: Actor, q: OfferListQuery): Promise<Offer[]> {
    return this.repo.list(actor, q);
  }

  get(actor: Actor, id: string): Promise<Offer> {
    return this.visibleOrThrow(actor, id);
  }

  async create(actor: Actor, input: CreateOfferRequest): Promise<Offer> {
    const deal = await this.deals.findVisible(actor, input.dealId);
    if (!deal) throw new AppException('DEAL_NOT_FOUND', 'No such deal');
    const currency = input.currency ?? deal.currency;
    if (currency !== deal.currency) {
      throw new AppException('OFFER_CURRENCY_MISMATCH', `The deal is in ${deal.currency}; an offer on it cannot be in ${currency}`, [{ path: ['currency'], message: 'must equal the deal currency' }]);
    }
    if (input.sourceActivityId && !(await this.repo.belongsToDeal('activities', input.sourceActivityId, deal.id))) {
      throw new AppException('VALIDATION_FAILED', 'The visit is not on this deal', [{ path: ['sourceActivityId'], message: 'not on this deal' }]);
    }
    if (input.sourceCallId && !(await this.repo.belongsToDeal('calls', input.sourceCallId, deal.id))) {
      throw new AppException('VALIDATION_FAILED', 'The call is not on this deal', [{ path: ['sourceCallId'], message: 'not on this deal' }]);
    }
    const id = await this.tx.run(async (tx) => {
      const number = await this.orders.number('offer', tx);
      const offerId = await this.repo.insert(
        { number, version: 1, dealId: deal.id, contactId: deal.contactId, sourceActivityId: input.sourceActivityId ?? null, sourceCallId: input.sourceCallId ?? null, currency, supersedesId: null, createdBy: actor.id },
        tx,
      );
      await this.repo.setItems(offerId, input.items, tx);
      await this.deals.addTimelineEvent(deal.id, 'offer', actor.id, { action: 'created', offerId, number }, tx);
      return offerId;
    });
    this.logger.log(`offer ${id} created on deal ${deal.id} by ${actor.id}`);
    return this.visibleOrThrow(actor, id);
  }

  async update(actor: Actor, id: string, input: UpdateOfferRequest): Promise<Offer> {
    await this.tx.run(async (tx) => {
      const offer = await this.visibleOrThrow(actor, id, tx, true);
      if (offer.status !== 'draft') throw new AppException('OFFER_NOT_EDITABLE', 'Only a draft can be edited; revise a sent offer instead');
      if (input.currency && input.currency !== offer.currency) {
        throw new AppException('OFFER_CURRENCY_MISMATCH', `The offer is in ${offer.currency}`, [{ path: ['currency'], message: 'must equal the deal currency' }]);
      }
      await this.repo.setItems(id, input.items, tx);
    });
    return this.visibleOrThrow(actor, id);
  }

  async changeStatus(actor: Actor, id: string, input: ChangeOfferStatusRequest): Promise<Offer> {
    const pending = new PendingEvents();
    await this.tx.run(async (tx) => {
      const offer = await this.visibleOrThrow(actor, id, tx, true);
      if (!NEXT[offer.status].includes(input.status)) {
        throw new AppException('OFFER_STATUS_TRANSITION', `An offer cannot go from ${offer.status} to ${input.status}`, { allowed: NEXT[offer.status] });
      }
      await this.repo.setStatus(id, input.status, input.status === 'rejected' ? input.rejectReason! : null, input.note ?? null, tx);
      let orderId: string | null = null;
      if (input.status === 'accepted') orderId = await this.orders.createFromOffer(id, tx);
      await this.deals.addTimelineEvent(
        offer.dealId,
        'offer',
        actor.id,
        { action: 'status', offerId: id, number: offer.number, from: offer.status, to: input.status, rejectReason: input.rejectReason ?? null, orderId },
        tx,
      );
      pending.add('offer.status-changed', { offerId: id, dealId: offer.dealId, from: offer.status, to: input.status });
    });
    pending.publish(this.events);
    this.logger.log(`offer ${id} is ${input.status}, by ${actor.id}`);
    return this.visibleOrThrow(actor, id);
  }

  /** Renegotiation: this offer becomes "renegotiated" and a new draft version (same number) replaces it. */
  async revise(actor: Actor, id: string, input: ReviseOfferRequest): Promise<Offer> {
    const pending = new PendingEvents();
    const newId = await this.tx.run(async (tx) => {
      const offer = await this.visibleOrThrow(actor, id, tx, true);
      if (!REVISABLE.includes(offer.status)) {
        throw new AppException('OFFER_STATUS_TRANSITION', `An offer that is ${offer.status} cannot be renegotiated`, { allowed: REVISABLE });
      }
      await this.repo.setStatus(id, 'renegotiated', null, null, tx);
      const next = await this.repo.insert(
        { number: offer.number, version: offer.version + 1, dealId: offer.dealId, contactId: offer.contactId, sourceActivityId: offer.sourceActivityId, sourceCallId: offer.sourceCallId, currency: offer.currency, supersedesId: id, createdBy: actor.id },
        tx,
      );
      if (input.items) await this.repo.setItems(next, input.items, tx);
      else await this.repo.copyItems(id, next, tx);
      await this.deals.addTimelineEvent(offer.dealId, 'offer', actor.id, { action: 'renegotiated', offerId: id, newOfferId: next, number: offer.number, version: offer.version + 1 }, tx);
      pending.add('offer.status-changed', { offerId: id, dealId: offer.dealId, from: offer.status, to: 'renegotiated' });
      return next;
    });
    pending.publish(this.events);
    return this.visibleOrThrow(actor, newId);
  }

  private async visibleOrThrow(actor: Actor, id: string, tx?: Parameters<OffersRepository['findVisible']>[2], lock = false): Promise<Offer> {
    const offer = await this.repo.findVisible(actor, id, tx, lock);
    if (!offer) throw new AppException('OFFER_NOT_FOUND', 'No such offer');
    return offer;
  }
}
