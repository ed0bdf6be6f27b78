import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { ENV, type Env } from '../../config/env';
import { Transactions } from '../../common/database/transactions';
import { NotificationsRepository } from './notifications.repository';

/** How long a taken email is left alone by other passes while SMTP runs; after a crash it is sent again then. */
const SEND_LEASE_SECONDS = 300;

/**
 * Sends the email outbox over SMTP. Emails are rows written with the change that caused them, so a
 * crash never loses one; each is taken with SKIP LOCKED and retried with backoff. Without SMTP_URL
 * they are logged and marked sent.
 */
@Injectable()
export class MailerService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(MailerService.name);
  private transport: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repo: NotificationsRepository,
    private readonly tx: Transactions,
  ) {}

  onApplicationBootstrap(): void {
    // bounded waits, well inside the lease, so a hung SMTP server never gets a taken email sent twice
    if (this.env.SMTP_URL) this.transport = createTransport({ url: this.env.SMTP_URL, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
    this.timer = setInterval(() => void this.flush(), this.env.AUTOMATION_POLL_MS);
    this.timer.unref();
  }

  /** A graceful stop waits for the pass in flight, so a mail handed to SMTP is also marked sent. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  /** Sends what is due; one pass at a time. A crash between SMTP's "accepted" and the mark re-sends after the lease (at least once). */
  flush(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    if (this.running) return this.running;
    this.running = this.pass().finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Each email: taken (leased) in one short transaction, handed to SMTP with no transaction open
   * (a slow SMTP server holds no connection, lock or snapshot), then marked in another.
   */
  private async pass(): Promise<number> {
    let sent = 0;
    try {
      for (let i = 0; i < 100 && !this.stopping; i++) {
        const email = await this.tx.run((tx) => this.repo.takeEmail(SEND_LEASE_SECONDS, tx));
        if (!email) break;
        let error: string | null = null;
        try {
          if (this.transport) {
            await this.transport.sendMail({ from: this.env.SMTP_FROM, to: email.to, subject: email.subject, text: email.body });
          } else {
            this.logger.log(`(no SMTP_URL) email ${email.id} to ${email.to}: ${email.subject}`);
          }
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
          this.logger.warn(`email ${email.id} failed: ${error}`);
        }
        await this.tx.run((tx) => (error === null ? this.repo.emailSent(email.id, tx) : this.repo.emailFailed(email.id, error, tx)));
        if (error === null) sent++;
      }
    } catch (err) {
      this.logger.error('mail pass failed', err instanceof Error ? err.stack : err);
    }
    return sent;
  }
}
