import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { ENV, type Env } from '../../config/env';
import { Transactions } from '../../common/database/transactions';
import { NotificationsRepository } from './notifications.repository';

/**
 * Sends the email outbox over SMTP. Emails are rows written with the change that caused them, so a
 * crash never loses one; each is taken with SKIP LOCKED and retried with backoff. Without SMTP_URL
 * they are logged and marked sent.
 */
@Injectable()
export class MailerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailerService.name);
  private transport: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repo: NotificationsRepository,
    private readonly tx: Transactions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.SMTP_URL) this.transport = createTransport(this.env.SMTP_URL);
    this.timer = setInterval(() => void this.flush(), this.env.AUTOMATION_POLL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.transport?.close();
  }

  /** Sends what is due; one pass at a time. */
  async flush(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let sent = 0;
    try {
      for (let i = 0; i < 100; i++) {
        const done = await this.tx.run(async (tx) => {
          const email = await this.repo.claimEmail(tx);
          if (!email) return false;
          try {
            if (this.transport) {
              await this.transport.sendMail({ from: this.env.SMTP_FROM, to: email.to, subject: email.subject, text: email.body });
            } else {
              this.logger.log(`(no SMTP_URL) email ${email.id} to ${email.to}: ${email.subject}`);
            }
            await this.repo.emailSent(email.id, tx);
            sent++;
          } catch (err) {
            this.logger.warn(`email ${email.id} failed: ${err instanceof Error ? err.message : err}`);
            await this.repo.emailFailed(email.id, err instanceof Error ? err.message : String(err), tx);
          }
          return true;
        });
        if (!done) break;
      }
    } catch (err) {
      this.logger.error('mail pass failed', err instanceof Error ? err.stack : err);
    } finally {
      this.running = false;
    }
    return sent;
  }
}
