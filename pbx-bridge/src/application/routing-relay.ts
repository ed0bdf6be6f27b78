import { Logger } from '../common/logger';
import type { CrmRouter, RoutingQuestion } from '../ports/crm-router.port';
import type { RoutingAnswer, RoutingChannel, SuspendedInvite } from '../ports/routing-channel.port';

/**
 * Whom to ring, without a SIP worker waiting (ADR 0017): Kamailio suspends the INVITE and asks
 * here; the relay asks the CRM and answers, each question on its own (a slow one holds back no
 * other). A CRM failure is answered at once as a failure, so Kamailio opens its breaker and rings
 * everyone instead of waiting out its own timeout.
 */
export class RoutingRelay {
  private readonly logger = new Logger(RoutingRelay.name);
  private inFlight = 0;

  constructor(
    private readonly channel: RoutingChannel,
    private readonly crm: CrmRouter,
  ) {}

  start(): Promise<void> {
    return this.channel.start((question, invite) => void this.relay(question, invite));
  }

  stop(): void {
    this.channel.stop();
  }

  /** Questions being answered right now. */
  get pending(): number {
    return this.inFlight;
  }

  async relay(question: RoutingQuestion, invite: SuspendedInvite): Promise<void> {
    this.inFlight += 1;
    const started = performance.now();
    try {
      const outcome = await this.crm.route(question);
      const answer: RoutingAnswer = outcome.kind === 'decided' ? { ok: true, decision: outcome.decision } : { ok: false, reason: outcome.reason };
      const sent = this.channel.answer(invite, answer);
      const ms = Math.round(performance.now() - started);
      if (outcome.kind === 'failed') {
        this.logger.warn('CRM routing failed, Kamailio rings everyone', { callId: question.callId, reason: outcome.reason, ms });
      } else if (!sent) {
        this.logger.warn('routing answer not sent: the evapi connection is gone', { callId: question.callId, ms });
      } else {
        this.logger.debug('routing answered', { callId: question.callId, groups: outcome.decision.groups.length, ms });
      }
    } finally {
      this.inFlight -= 1;
    }
  }
}
