import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CallEventBatch, type CallEvent } from '@callboard/contracts';
import { randomUUID } from 'node:crypto';
import { ENV, poolMin, type Env } from '../../config/env';
import { CallsService } from '../calls/calls.service';
import { TelephonyService } from './telephony.service';

const ROUNDS = 6;

/**
 * Before the server listens: runs the routing decision (read-only) and real deliveries through the
 * calls path as the bridge makes them (a new caller's `offered`, which makes the contact, the deal
 * and its card, then that call's `missed`, which makes the call-back task; two calls per batch, so
 * the group commit's path runs), each batch applied in full, the rules included, and then rolled
 * back, until V8 has compiled that code and each warm connection has planned its statements and
 * foreign-key checks. Without it the first calls after a start took ~300 ms each in the calls path
 * against ~20 ms later (ADR 0017). The bridge rehearses its half when it starts (ADR 0021).
 */
@Injectable()
export class CallPathWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger(CallPathWarmUp.name);

  constructor(
    private readonly telephony: TelephonyService,
    private readonly calls: CallsService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.WARM_UP === 'off') return;
    const started = performance.now();
    // as many at once as the pool keeps open, so every connection has prepared the statements and
    // run the writes too (a burst right after the start uses all of them)
    const PARALLEL = Math.max(1, poolMin(this.env));
    let failures = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        Array.from({ length: PARALLEL }, async (_, k) => {
          const n = round * PARALLEL + k;
          const events = [0, 1].flatMap((i) => {
            const from = `+3610${String(9_000_000 + n * 2 + i)}`;
            return syntheticCall(n * 2 + i, from);
          });
          for (const event of events) if (event.type === 'offered') await this.telephony.route(event.from);
          const valid = events.map((event, index) => ({ index, event }));
          CallEventBatch.safeParse({ events });
          const results = await this.calls.rehearseBatch(valid).catch((e: unknown) => {
            failures += events.length;
            if (failures === events.length) this.logger.warn(`warm-up: a synthetic batch failed (${e instanceof Error ? e.message : String(e)})`);
            return null;
          });
          const refused = results ? [...results.values()].filter((r) => r.status !== 'accepted') : [];
          if (refused.length && failures === 0) this.logger.warn(`warm-up: a synthetic call event was not accepted (${refused[0].reason ?? refused[0].status})`);
          failures += refused.length;
        }),
      );
    }
    this.logger.log(
      `warm-up: routing and the calls path exercised ${ROUNDS * PARALLEL * 2} times (rolled back${failures ? `, ${failures} events failed` : ''}) in ${Math.round(performance.now() - started)} ms`,
    );
  }
}

/** A new caller's call as the bridge delivers it: offered (the card), then missed (the call-back task). */
function syntheticCall(n: number, from: string): CallEvent[] {
  const at = new Date().toISOString();
  const callId = `warm-up-${randomUUID()}`;
  const origin = (seq: number) => ({ pbx: 'warm-up', boot: 'warm-up', seq });
  return [
    { type: 'offered', callId, origin: origin(n * 2 + 1), at, direction: 'inbound', from, fromName: 'Warm Up', to: '+3612345678' },
    { type: 'missed', callId, origin: origin(n * 2 + 2), at, reason: 'no_answer' },
  ];
}
