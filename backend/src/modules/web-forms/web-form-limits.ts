import { Inject, Injectable } from '@nestjs/common';
import { type IRateLimiterOptions, RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Cluster } from '../../common/cluster/cluster';
import { ENV, type Env } from '../../config/env';

/**
 * The web forms' rate limits (ADR 0032): posts a minute from one sender to one form, and to one
 * form from everyone, counted by rate-limiter-flexible. On several nodes the counts live in Redis
 * (ADR 0037), so a sender cannot double its allowance by landing on the other node; if Redis is
 * away, each node counts in memory meanwhile (the insurance limiter) rather than refusing leads.
 */
@Injectable()
export class WebFormLimits {
  private limiters: { perSender: RateLimiterAbstract; perForm: RateLimiterAbstract } | null = null;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly cluster: Cluster,
  ) {}

  /** Counts one post; null when it may go on, else the seconds until the sender may post again. */
  async take(formId: string, sender: string): Promise<number | null> {
    const { perSender, perForm } = this.limitersNow();
    try {
      await perSender.consume(`${formId}:${sender}`);
      await perForm.consume(formId);
      return null;
    } catch (e) {
      if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw e;
    }
  }

  // made on first use: the cluster's Redis connection is up by then
  private limitersNow() {
    this.limiters ??= {
      perSender: this.limiter({ keyPrefix: 'form-sender', points: this.env.WEB_FORM_LIMIT_PER_SENDER, duration: 60 }),
      perForm: this.limiter({ keyPrefix: 'form', points: this.env.WEB_FORM_LIMIT_PER_FORM, duration: 60 }),
    };
    return this.limiters;
  }

  private limiter(options: IRateLimiterOptions): RateLimiterAbstract {
    const redis = this.cluster.redis;
    if (!redis) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: redis,
      keyPrefix: this.cluster.key(`limit:${options.keyPrefix}`),
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }
}
