import { Injectable, Logger } from '@nestjs/common';
import type { Notification, NotificationListQuery } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import type { Tx } from '../../common/database/transactions';
import { AppException } from '../../common/errors/app.exception';
import { RealtimeService } from '../realtime/realtime.service';
import { NotificationsRepository } from './notifications.repository';

export type Recipient = 'owner' | 'heads' | string;

/** In-app notifications and queued emails. Written in the caller's transaction, pushed after commit. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly realtime: RealtimeService,
  ) {}

  list(actor: Actor, q: NotificationListQuery): Promise<Notification[]> {
    return this.repo.list(actor.id, q.unread === 'true', q.limit);
  }

  async markRead(actor: Actor, id: string): Promise<Notification> {
    const n = await this.repo.markRead(actor.id, id);
    if (!n) throw new AppException('NOTIFICATION_NOT_FOUND', 'No such notification');
    return n;
  }

  /** Resolves owner / heads / a user id to user ids. */
  async userIds(to: Recipient, ownerId: string | null, tx?: Tx): Promise<string[]> {
    if (to === 'owner') return ownerId ? [ownerId] : [];
    if (to === 'heads') return this.repo.headIds(tx);
    return [to];
  }

  /** Writes notifications; returns what to push once the transaction committed. */
  async notify(
    userIds: string[],
    n: { title: string; body: string; dealId: string | null; ruleId: string | null },
    tx: Tx,
  ): Promise<() => void> {
    if (!userIds.length) return () => undefined;
    const rows = await this.repo.insert(userIds, n, tx);
    return () => {
      for (const { userId, ...notification } of rows) this.realtime.toUsers([userId], 'notification', notification);
    };
  }

  /** Queues emails to users (by id) or addresses; the mailer sends them after commit. Returns the addresses. */
  async email(
    to: Recipient,
    ownerId: string | null,
    e: { subject: string; body: string; ruleId: string | null; dealId: string | null },
    tx: Tx,
  ): Promise<string[]> {
    const addresses = to.includes('@') ? [to] : await this.repo.emailsOf(await this.userIds(to, ownerId, tx), tx);
    for (const address of addresses) await this.repo.queueEmail({ to: address, ...e }, tx);
    if (addresses.length) this.logger.log(`queued ${addresses.length} email(s) for deal ${e.dealId} rule ${e.ruleId}`);
    return addresses;
  }
}
