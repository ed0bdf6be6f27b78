import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { ENV, type Env } from '../../config/env';
import { Translator } from '../i18n/translator.service';
import { MailerService } from '../notifications/mailer.service';
import { NotificationsService } from '../notifications/notifications.service';
import { TeamSettingsService } from '../team-settings/team-settings.service';
import { FORGOTTEN_AFTER_DAYS, headDigest, type Mail, sellerDigest, sellerParts } from './digest-mail';
import { DigestRepository } from './digest.repository';
import { TodayRepository } from './today.repository';

const DEFAULT_HOUR = 7;

/**
 * The daily digest: each Seller gets whom to contact today and whom they forgot; each Head gets
 * the team's numbers. The schedule is a row in PostgreSQL (the next run, in business time), taken
 * with SKIP LOCKED and moved on in the same transaction that queues the mails on the outbox, so a
 * day's digest is queued exactly once, by one instance, also after a restart or a missed hour
 * (it then runs at once, for that day only). The interval below only polls that row.
 */
@Injectable()
export class DigestService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DigestService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repo: DigestRepository,
    private readonly today: TodayRepository,
    private readonly clock: Clock,
    private readonly tx: Transactions,
    private readonly notifications: NotificationsService,
    private readonly mailer: MailerService,
    private readonly team: TeamSettingsService,
    private readonly translator: Translator,
    events: DomainEvents,
  ) {
    events.on('team.time-zone-changed', () => this.reschedule());
  }

  async onApplicationBootstrap(): Promise<void> {
    const nextRunAt = await this.repo.nextRun(this.clock.now(), DEFAULT_HOUR, await this.team.timeZone());
    await this.repo.ensureSchedule({ hour: DEFAULT_HOUR, nextRunAt: nextRunAt.toISOString(), lastRunFor: null });
    this.timer = setInterval(() => void this.tick(), this.env.AUTOMATION_POLL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Queues the day's digests if they are due (one pass at a time); returns how many mails were queued. */
  tick(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    this.running ??= this.runDue()
      .catch((err) => {
        this.logger.error('digest pass failed', err instanceof Error ? err.stack : err);
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async runDue(): Promise<number> {
    const now = this.clock.now();
    const queued = await this.tx.run(async (tx) => {
      const schedule = await this.repo.claimSchedule(tx);
      if (!schedule || new Date(schedule.nextRunAt) > now) return 0;
      const [today, yesterday] = await Promise.all([this.clock.today(), this.clock.today(-1)]);
      const users = await this.repo.activeUsers(tx);
      // each reader's own language, else the team's
      const words = await this.translator.wordsOf(users.map((u) => u.id), tx);
      const forgottenBefore = new Date(now.getTime() - FORGOTTEN_AFTER_DAYS * 86_400_000);
      const team: { name: string; contact: number; forgot: number }[] = [];
      let count = 0;
      for (const seller of users.filter((u) => u.role === 'seller')) {
        const day = {
          name: seller.name,
          items: await this.today.items(seller.id, now, today, yesterday, tx),
          forgotten: await this.repo.forgotten(seller.id, forgottenBefore, tx),
        };
        // the team's numbers leave out the unclaimed call-backs: every Seller has the same ones (the Heads get them listed once)
        const parts = sellerParts({ ...day, items: day.items.filter((i) => i.kind !== 'unclaimed_call_back') });
        team.push({ name: seller.name, contact: parts.contact.length, forgot: parts.overdue.length + parts.forgotten.length });
        count += await this.send(seller.id, sellerDigest(words.get(seller.id)!, today.date, day, now), tx);
      }
      const heads = users.filter((u) => u.role === 'head');
      const unclaimed = heads.length ? await this.today.unclaimedCallBacks(heads[0].id, 'head', tx) : [];
      const unassigned = await this.repo.unassignedLeads(tx);
      for (const head of heads) count += await this.send(head.id, headDigest(words.get(head.id)!, today.date, team, unassigned, unclaimed), tx);
      const nextRunAt = await this.repo.nextRun(now, schedule.hour, await this.team.timeZone(), tx);
      await this.repo.saveSchedule({ ...schedule, nextRunAt: nextRunAt.toISOString(), lastRunFor: today.date }, tx);
      this.logger.log(`daily digest for ${today.date}: ${count} mail(s) queued; next at ${nextRunAt.toISOString()}`);
      return count;
    });
    if (queued) await this.mailer.flush();
    return queued;
  }

  /**
   * The team's zone changed: the next run is the schedule's hour in the new zone, today's if
   * today's digest (a date in the new zone) has not gone out yet (run at once when that hour has
   * passed, as after a missed hour), else tomorrow's. A pass holding the schedule right now sets
   * it from the new zone itself.
   */
  async reschedule(): Promise<void> {
    const zone = await this.team.timeZone();
    const now = this.clock.now();
    const today = await this.clock.today();
    await this.tx.run(async (tx) => {
      const schedule = await this.repo.claimSchedule(tx);
      if (!schedule) return;
      const after = schedule.lastRunFor === today.date ? now : new Date(new Date(today.start).getTime() - 1);
      const nextRunAt = await this.repo.nextRun(after, schedule.hour, zone, tx);
      await this.repo.saveSchedule({ ...schedule, nextRunAt: nextRunAt.toISOString() }, tx);
      this.logger.log(`daily digest moved to ${zone}: next at ${nextRunAt.toISOString()}`);
    });
  }

  /** One user's digest, already in their words (none for an empty day). */
  private async send(userId: string, mail: Mail | null, tx: Tx): Promise<number> {
    if (!mail) return 0;
    const addresses = await this.notifications.email(userId, null, { text: () => mail, ruleId: null, dealId: null }, tx);
    return addresses.length;
  }
}
