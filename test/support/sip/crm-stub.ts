import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallEventBatch, type CallEvent, type DialCheckResult, type ReferCheckResult, type RoutingDecision } from '@callboard/contracts';

export type SinkMode = 'ok' | 'fail500' | 'hang';
export type RoutingMode = RoutingDecision | 'fail500' | 'hang';
/** How the stub answers the SIP server's dial check: a fixed answer, one per question, or a failure. */
export type DialCheckMode = DialCheckResult | ((q: URLSearchParams) => DialCheckResult) | 'fail500' | 'hang' | 'garbage' | 'notjson';
export type ReferCheckMode = ReferCheckResult | ((q: URLSearchParams) => ReferCheckResult) | 'fail500';

/**
 * Stands in for the backend's internal endpoints: it records the call events the bridge posts
 * (validated against the contract) and answers the SIP server's questions (routing, dial check,
 * refer check).
 */
export class CrmStub {
  readonly events: CallEvent[] = [];
  readonly batches: number[] = [];
  readonly routingQueries: URLSearchParams[] = [];
  /** Who asked each routing query (User-Agent: Kamailio's http_client says "Callboard-SIP"). */
  readonly routingAgents: string[] = [];
  /** Routing answers wait this long (a slow CRM); the most queries seen waiting at once. */
  routingDelayMs = 0;
  routingPeak = 0;
  private routingInFlight = 0;
  readonly rejectedBodies: string[] = [];
  sinkMode: SinkMode = 'ok';
  routing: RoutingMode = 'fail500';
  readonly dialChecks: URLSearchParams[] = [];
  readonly referChecks: URLSearchParams[] = [];
  /** Every outbound call is allowed (two at once) unless a spec says otherwise. */
  dialCheck: DialCheckMode = { allowed: true, maxConcurrent: 2 };
  referCheck: ReferCheckMode = { allowed: false };
  private server!: Server;
  private hanging: ServerResponse[] = [];

  constructor(readonly serviceToken: string) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', r));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  eventsFor(callId: string): CallEvent[] {
    return this.events.filter((e) => e.callId === callId);
  }

  /** Distinct events for a call, keyed by origin (boot, seq): what an idempotent backend keeps. */
  uniqueFor(callId: string): CallEvent[] {
    const seen = new Set<string>();
    return this.eventsFor(callId).filter((e) => {
      const k = `${e.origin.boot}:${e.origin.seq}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  async stop(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.headers.authorization !== `Bearer ${this.serviceToken}`) {
      res.writeHead(401).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/api/internal/routing') {
      this.routingQueries.push(url.searchParams);
      this.routingAgents.push(String(req.headers['user-agent'] ?? ''));
      if (this.routingDelayMs > 0) {
        this.routingInFlight += 1;
        this.routingPeak = Math.max(this.routingPeak, this.routingInFlight);
        await new Promise((r) => setTimeout(r, this.routingDelayMs));
        this.routingInFlight -= 1;
      }
      if (this.routing === 'hang') {
        this.hanging.push(res);
        return;
      }
      if (this.routing === 'fail500') {
        res.writeHead(500).end('{"code":"INTERNAL"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.routing));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/internal/dial-check') {
      this.dialChecks.push(url.searchParams);
      const mode = this.dialCheck;
      if (mode === 'hang') {
        this.hanging.push(res);
        return;
      }
      if (mode === 'fail500') {
        res.writeHead(500).end('{"code":"INTERNAL"}');
        return;
      }
      const body =
        mode === 'garbage' ? '{"allowed":"maybe"}' : mode === 'notjson' ? 'OK' : JSON.stringify(typeof mode === 'function' ? mode(url.searchParams) : mode);
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/internal/refer-check') {
      this.referChecks.push(url.searchParams);
      const mode = this.referCheck;
      if (mode === 'fail500') {
        res.writeHead(500).end('{"code":"INTERNAL"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(typeof mode === 'function' ? mode(url.searchParams) : mode));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/internal/call-events') {
      if (this.sinkMode === 'hang') {
        this.hanging.push(res);
        return;
      }
      if (this.sinkMode === 'fail500') {
        res.writeHead(503).end();
        return;
      }
      const parsed = CallEventBatch.safeParse(JSON.parse(body));
      if (!parsed.success) {
        this.rejectedBodies.push(body);
        res.writeHead(400).end(JSON.stringify({ code: 'VALIDATION_FAILED' }));
        return;
      }
      this.events.push(...parsed.data.events);
      this.batches.push(parsed.data.events.length);
      res.writeHead(202).end();
      return;
    }
    res.writeHead(404).end();
  }
}
