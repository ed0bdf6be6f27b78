import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ENV, type Env } from '../../config/env';

/**
 * The web forms' rate limits (ADR 0032): posts a minute from one sender to one form, and to one
 * form from everyone, counted by rate-limiter-flexible. In memory on one node; the same limiter
 * API has a Redis store for several nodes (issue 18).
 */
@Injectable()
export class WebFormLimits {
  private readonly perSender: RateLimiterMemory;
  private readonly perForm: RateLimiterMemory;

  constructor(@Inject(ENV) env: Env) {
    this.perSender = new RateLimiterMemory({ keyPrefix: 'form-sender', points: env.WEB_FORM_LIMIT_PER_SENDER, duration: 60 });
    this.perForm = new RateLimiterMemory({ keyPrefix: 'form', points: env.WEB_FORM_LIMIT_PER_FORM, duration: 60 });
  }

  /** Counts one post; null when it may go on, else the seconds until the sender may post again. */
  async take(formId: string, sender: string): Promise<number | null> {
    try {
      await this.perSender.consume(`${formId}:${sender}`);
      await this.perForm.consume(formId);
      return null;
    } catch (e) {
      if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw e;
    }
  }
}
