import { Socket, connect } from 'node:net';
import { z } from 'zod';
import { Logger } from '../../common/logger';
import type { RoutingQuestion } from '../../ports/crm-router.port';
import type { RoutingAnswer, RoutingChannel, SuspendedInvite } from '../../ports/routing-channel.port';
import { NetstringDecoder, encodeNetstring } from './netstring';

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
  private readonly decoder = new NetstringDecoder();
  private socket: Socket | null = null;
  private handler: ((question: RoutingQuestion, invite: SuspendedInvite) => void) | null = null;
  private stopped = false;
  private reconnectMs: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private connectedOnce: (() => void) | null = null;

  constructor(private readonly options: KamailioRoutingChannelOptions) {
    this.reconnectMs = options.minReconnectMs ?? 100;
  }

  /** Connects (and keeps reconnecting); resolves once the first hello is sent. */
  start(handler: (question: RoutingQuestion, invite: SuspendedInvite) => void): Promise<void> {
    this.handler = handler;
    const ready = new Promise<void>((resolve) => (this.connectedOnce = resolve));
    this.connect();
    return ready;
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.destroy();
  }

  /** False when the connection is gone: Kamailio's timeout then rings everyone. */
  answer(invite: SuspendedInvite, answer: RoutingAnswer): boolean {
    const socket = this.socket;
    if (!socket || socket.destroyed) return false;
    // the decision travels as a JSON string: Kamailio's jansson_get hands it on as text
    const message = answer.ok
      ? { cmd: 'route', tindex: invite.tindex, tlabel: invite.tlabel, ok: 1, decision: JSON.stringify(answer.decision) }
      : { cmd: 'route', tindex: invite.tindex, tlabel: invite.tlabel, ok: 0, reason: answer.reason.slice(0, 120) };
    socket.write(encodeNetstring(JSON.stringify(message)));
    return true;
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.reconnectMs = this.options.minReconnectMs ?? 100;
      this.decoder.reset();
      socket.write(encodeNetstring(JSON.stringify({ cmd: 'routing-hello' })));
      this.logger.info('routing relay connected to Kamailio evapi', { port: this.options.port });
      this.connectedOnce?.();
      this.connectedOnce = null;
    });
    socket.on('data', (chunk: Buffer) => {
      let messages: string[];
      try {
        messages = this.decoder.push(chunk);
      } catch (e) {
        this.logger.error('corrupt evapi stream on the routing connection, reconnecting', { error: String(e) });
        socket.destroy();
        return;
      }
      for (const text of messages) this.onMessage(text);
    });
    socket.on('error', (e) => this.logger.debug('routing evapi socket error', { error: e.message }));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      if (this.stopped) return;
      this.logger.warn('routing relay lost its evapi connection, reconnecting', { inMs: this.reconnectMs });
      this.reconnectTimer = setTimeout(() => this.connect(), this.reconnectMs);
      this.reconnectMs = Math.min(this.options.maxReconnectMs ?? 2000, this.reconnectMs * 2);
    });
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
