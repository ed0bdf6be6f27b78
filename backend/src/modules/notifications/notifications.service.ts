import { Injectable, Logger } from '@nestjs/common';
import type { Notification, NotificationListQuery } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import type { Tx } from '../../common/database/transactions';
import { AppException } from '../../common/errors/app.exception';
import type { Words } from '../../i18n/catalogue';
import { Translator } from '../i18n/translator.service';
import { RealtimeService } from '../realtime/realtime.service';
import { NotificationsRepository } from './notifications.repository';

export type Recipient = 'owner' | 'heads' | string;

/** What a notification says, written for each reader: in their language, with the team's zone. */
export type NotificationText = (words: Words) => { title: string; body: string };

/** What an email says, written for each reader. */
export type EmailText = (words: Words) => { subject: string; body: string };

/**
 * In-app notifications and queued emails, each written at creation in its reader's language (their
 * own, else the team's). Written in the caller's transaction, pushed after commit.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly realtime: RealtimeService,
    private readonly translator: Translator,
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

  /** Writes notifications, each in its reader's words; returns what to push once the transaction committed. */
  async notify(userIds: string[], n: { text: NotificationText; dealId: string | null; ruleId: string | null }, tx: Tx): Promise<() => void> {
    if (!userIds.length) return () => undefined;
    const words = await this.translator.wordsOf(userIds, tx);
    const notes = userIds.map((userId) => ({ userId, ...n.text(words.get(userId)!) }));
    const rows = await this.repo.insert(notes, n, tx);
    return () => {
      for (const { userId, ...notification } of rows) this.realtime.toUsers([userId], 'notification', notification);
    };
  }

  /**
   * Queues emails to users (by id, each in their words) or to an address (in the team's); the
   * mailer sends them after commit. Returns the addresses.
   */
  async email(to: Recipient, ownerId: string | null, e: { text: EmailText; ruleId: string | null; dealId: string | null }, tx: Tx): Promise<string[]> {
    const readers = to.includes('@')
      ? [{ email: to, words: await this.translator.teamWords() }]
      : await this.readers(await this.userIds(to, ownerId, tx), tx);
    for (const { email, words } of readers) await this.repo.queueEmail({ to: email, ...e.text(words), ruleId: e.ruleId, dealId: e.dealId }, tx);
    if (readers.length) this.logger.log(`queued ${readers.length} email(s) for deal ${e.dealId} rule ${e.ruleId}`);
    return readers.map((r) => r.email);
  }

  private async readers(userIds: string[], tx: Tx): Promise<{ email: string; words: Words }[]> {
    const users = await this.repo.emailsOf(userIds, tx);
    const words = await this.translator.wordsOf(users.map((u) => u.id), tx);
    return users.map((u) => ({ email: u.email, words: words.get(u.id)! }));
  }
}
