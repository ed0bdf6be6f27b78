import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CallEventBatch, type CallEvent } from '@callboard/contracts';
import { randomUUID } from 'node:crypto';
import { Transactions } from '../../common/database/transactions';
import { ENV, poolMin, type Env } from '../../config/env';
import { CallsService } from '../calls/calls.service';
import { TelephonyService } from './telephony.service';

const ROUNDS = 12;

/**
 * Before the server listens: runs the routing decision (read-only) and real call events through
 * the calls path (a new caller's `offered`, which makes the contact, the deal and its card, and a
 * `missed`) with every transaction rolled back, until V8 has compiled that code and each warm
 * connection has planned its statements and foreign-key checks. Without it the first calls after
 * a start took ~300 ms each in the calls path against ~20 ms later (ADR 0017).
 */
@Injectable()
export class CallPathWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger(CallPathWarmUp.name);

  constructor(
    private readonly telephony: TelephonyService,
    private readonly calls: CallsService,
    private readonly tx: Transactions,
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
          const from = `+3610${String(9_000_000 + n)}`;
          await this.telephony.route(from);
          for (const event of syntheticCall(n, from)) {
            CallEventBatch.safeParse({ events: [event] });
            // rolled back: no call, contact, deal, task or event is left, nothing is published
            await this.tx.rolledBack(() => this.calls.apply(event)).catch((e: unknown) => {
              failures += 1;
              if (failures === 1) this.logger.warn(`warm-up: a synthetic call event failed (${e instanceof Error ? e.message : String(e)})`);
            });
          }
        }),
      );
    }
    this.logger.log(
      `warm-up: routing and the calls path exercised ${ROUNDS * PARALLEL} times (rolled back${failures ? `, ${failures} failed` : ''}) in ${Math.round(performance.now() - started)} ms`,
    );
  }
}

/** A new caller's call as the bridge delivers it: offered (the card) and, separately, missed. */
function syntheticCall(n: number, from: string): CallEvent[] {
  const at = new Date().toISOString();
  const origin = (seq: number) => ({ pbx: 'warm-up', boot: 'warm-up', seq });
  return [
    { type: 'offered', callId: `warm-up-${randomUUID()}`, origin: origin(n * 2 + 1), at, direction: 'inbound', from, fromName: 'Warm Up', to: '+3612345678' },
    { type: 'missed', callId: `warm-up-${randomUUID()}`, origin: origin(n * 2 + 2), at, reason: 'no_answer' },
  ];
}
