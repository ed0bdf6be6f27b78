import { Injectable, Logger } from '@nestjs/common';
import type { Order, OrderListQuery, SalesProfile, UpdateSalesProfileRequest } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { Clock } from '../../common/clock/clock';
import { Transactions, type Tx } from '../../common/database/transactions';
import { AppException } from '../../common/errors/app.exception';
import { ContactsService } from '../contacts/contacts.service';
import { DealsService } from '../deals/deals.service';
import { TeamSettingsService } from '../team-settings/team-settings.service';
import { OrdersRepository } from './orders.repository';

/** Orders (from accepted offers), payment, and the contact's customer profile. */
@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    private readonly repo: OrdersRepository,
    private readonly deals: DealsService,
    private readonly contacts: ContactsService,
    private readonly clock: Clock,
    private readonly tx: Transactions,
    private readonly team: TeamSettingsService,
  ) {}

  list(actor: Actor, q: OrderListQuery): Promise<Order[]> {
    return this.repo.list(actor, q);
  }

  async get(actor: Actor, id: string): Promise<Order> {
    const order = await this.repo.findVisible(actor, id);
    if (!order) throw new AppException('ORDER_NOT_FOUND', 'No such order');
    return order;
  }

  /** Gapless yearly numbers for offers ("2026-0001") and orders ("O-2026-0001"), in the caller's transaction. */
  async number(kind: 'offer' | 'order', tx: Tx): Promise<string> {
    const year = this.clock.now().getUTCFullYear();
    const n = String(await this.repo.nextNumber(kind, year, tx)).padStart(4, '0');
    return kind === 'offer' ? `${year}-${n}` : `O-${year}-${n}`;
  }

  /** The order an accepted offer becomes, in the caller's transaction. */
  async createFromOffer(offerId: string, tx: Tx): Promise<string> {
    return this.repo.insertFromOffer(offerId, await this.number('order', tx), tx);
  }

  async markPaid(actor: Actor, id: string): Promise<Order> {
    await this.tx.run(async (tx) => {
      const order = await this.repo.findVisible(actor, id, tx, true);
      if (!order) throw new AppException('ORDER_NOT_FOUND', 'No such order');
      if (order.status === 'paid') throw new AppException('ORDER_ALREADY_PAID', 'The order is already paid');
      await this.repo.markPaid(id, this.clock.now(), tx);
      await this.deals.addTimelineEvent(order.dealId, 'offer', actor.id, { action: 'order_paid', orderId: id, number: order.number, total: order.total }, tx);
    });
    this.logger.log(`order ${id} paid, recorded by ${actor.id}`);
    return this.get(actor, id);
  }

  async profile(actor: Actor, contactId: string): Promise<SalesProfile> {
    await this.contacts.get(actor, contactId);
    return (await this.repo.profile(contactId, this.clock.now(), await this.team.timeZone()))!;
  }

  async updateProfile(actor: Actor, contactId: string, input: UpdateSalesProfileRequest): Promise<SalesProfile> {
    // editing the profile edits the contact: the same rule as PATCH /api/contacts/:id
    await this.contacts.getEditable(actor, contactId);
    await this.repo.updateProfile(contactId, { class: input.class, ...input.consents });
    return this.profile(actor, contactId);
  }
}
