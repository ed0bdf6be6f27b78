import { z } from 'zod';
import { Logger } from '../../common/logger';
import type { RoutingQuestion } from '../../ports/crm-router.port';
import type { RoutingAnswer, RoutingChannel, SuspendedInvite } from '../../ports/routing-channel.port';
import { EvapiConnection } from './evapi-connection';

/** A suspended INVITE's question, as route[ROUTING_ASYNC] in kamailio.cfg.tpl sends it. */
const RouteRequest = z.object({
  type: z.literal('route-request'),
  tindex: z.number().int().min(0),
  tlabel: z.number().int().min(0),
  q: z.object({ callId: z.string().max(255), from: z.string().max(128), to: z.string().max(128) }),
});

export interface KamailioRoutingChannelOptions {
  host: string;
  port: number;
  minReconnectMs?: number;
  maxReconnectMs?: number;
}

/**
 * The routing relay's own evapi connection to Kamailio. It says {"cmd":"routing-hello"} so
 * Kamailio tags it "routing" and sends it the questions of suspended INVITEs; the answer names the
 * transaction, which Kamailio resumes with t_continue. Call events reach every evapi client and
 * are ignored here (the event source has its own connection).
 */
export class KamailioRoutingChannel implements RoutingChannel {
  private readonly logger = new Logger(KamailioRoutingChannel.name);
  private readonly connection: EvapiConnection;
  private handler: ((question: RoutingQuestion, invite: SuspendedInvite) => void) | null = null;
  private connectedOnce: (() => void) | null = null;

  constructor(private readonly options: KamailioRoutingChannelOptions) {
    this.connection = new EvapiConnection(
      { ...options, name: 'routing evapi' },
      {
        onConnect: () => {
          this.connection.send(JSON.stringify({ cmd: 'routing-hello' }));
          this.connectedOnce?.();
          this.connectedOnce = null;
        },
        onMessages: (messages) => {
          for (const text of messages) this.onMessage(text);
        },
      },
      this.logger,
    );
  }

  /** Connects (and keeps reconnecting); resolves once the first hello is sent. */
  start(handler: (question: RoutingQuestion, invite: SuspendedInvite) => void): Promise<void> {
    this.handler = handler;
    const ready = new Promise<void>((resolve) => (this.connectedOnce = resolve));
    this.connection.start();
    return ready;
  }

  stop(): void {
    this.connection.stop();
  }

  /** False when the connection is gone: Kamailio's timeout then rings everyone. */
  answer(invite: SuspendedInvite, answer: RoutingAnswer): boolean {
    // the decision travels as a JSON string: Kamailio's jansson_get hands it on as text
    const message = answer.ok
      ? { cmd: 'route', tindex: invite.tindex, tlabel: invite.tlabel, ok: 1, decision: JSON.stringify(answer.decision) }
      : { cmd: 'route', tindex: invite.tindex, tlabel: invite.tlabel, ok: 0, reason: answer.reason.slice(0, 120) };
    return this.connection.send(JSON.stringify(message));
  }

  private onMessage(text: string): void {
    // every call event reaches this connection too: only route requests are read
    if (!text.includes('"route-request"')) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.logger.warn('routing request is not JSON, dropped', { sample: text.slice(0, 120) });
      return;
    }
    const parsed = RouteRequest.safeParse(json);
    if (!parsed.success) {
      // without valid transaction ids there is nothing to answer: Kamailio's timeout rings everyone
      this.logger.warn('malformed routing request, dropped', {
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
      return;
    }
    const { tindex, tlabel, q } = parsed.data;
    this.handler?.(q, { tindex, tlabel });
  }
}
