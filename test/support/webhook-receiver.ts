import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The receiver's check documented in docs/api/webhooks.md, written as a receiver would write it
 * (independent of the backend's signing code): parse `t=<unix>,v1=<hex>`, recompute HMAC-SHA256
 * of "<t>.<raw body>" with the secret, compare in constant time, refuse a timestamp more than
 * `toleranceSec` away from now (a replay).
 */
export function verifyWebhookSignature(
  header: string | undefined,
  rawBody: string,
  secret: string,
  nowSec = Math.floor(Date.now() / 1000),
  toleranceSec = 300,
): 'ok' | 'malformed' | 'bad-signature' | 'replay' {
  const parts = new Map((header ?? '').split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return 'malformed';
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return 'bad-signature';
  if (Math.abs(nowSec - t) > toleranceSec) return 'replay';
  return 'ok';
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A loopback HTTP receiver. Each path answers as told by `behave` (default 200 "ok"); every
 * request is kept, and `next` resolves on the first one (already received or coming) that matches.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  private readonly server: Server;
  private readonly open = new Set<import('node:net').Socket>();
  behave: (path: string, res: ServerResponse) => void = (_p, res) => res.end('ok');

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        this.received.push(r);
        this.waiters = this.waiters.filter((w) => (w.match(r) ? (w.resolve(r), false) : true));
        this.behave(r.path, res);
      });
    });
    this.server.on('connection', (s) => {
      this.open.add(s);
      s.on('close', () => this.open.delete(s));
    });
  }

  async listen(host = '127.0.0.1'): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, host, resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  next(match: (r: Received) => boolean, ms = 15_000): Promise<Received> {
    const done = this.received.find(match);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching webhook request within ${ms} ms; got ${this.received.map((r) => r.path).join(', ')}`)), ms);
      this.waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
