import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CallEventBatch } from '@callboard/contracts';
import { ENV, type Env } from '../../config/env';
import { TelephonyService } from './telephony.service';

const ROUNDS = 30;

/**
 * Before the server listens: runs the routing decision (read-only) and the call-event validation
 * enough times that V8 has compiled them and their queries have been planned on the warm pool's
 * connections, so the first caller after a start waits no longer than the hundredth (ADR 0017).
 */
@Injectable()
export class RoutingWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger(RoutingWarmUp.name);

  constructor(
    private readonly telephony: TelephonyService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.WARM_UP === 'off') return;
    const started = performance.now();
    for (let i = 0; i < ROUNDS; i++) {
      // a few in parallel, as calls arrive: each may take another pool connection
      await Promise.all([0, 1, 2].map((k) => this.telephony.route(`+3610${String(i * 3 + k).padStart(7, '0')}`)));
      CallEventBatch.safeParse(sampleBatch(i));
    }
    this.logger.log(`warm-up: routing and call-event validation exercised ${ROUNDS * 3} times in ${Math.round(performance.now() - started)} ms`);
  }
}

/** One call's events as the bridge delivers them (validated only, never applied). */
function sampleBatch(i: number) {
  const callId = `warm-up-${i}@callboard`;
  const at = new Date().toISOString();
  const origin = (seq: number) => ({ pbx: 'warm-up', boot: 'warm-up', seq });
  return {
    events: [
      { type: 'offered', callId, origin: origin(1), at, direction: 'inbound', from: '+3610000000', fromName: 'Warm Up', to: '+3612345678' },
      { type: 'ringing', callId, origin: origin(2), at, extension: '1001' },
      { type: 'answered', callId, origin: origin(3), at, extension: '1001' },
      { type: 'ended', callId, origin: origin(4), at, hangupBy: 'caller' },
      { type: 'missed', callId, origin: origin(5), at, reason: 'no_answer' },
    ],
  };
}
