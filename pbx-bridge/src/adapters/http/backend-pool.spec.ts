import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BackendPool } from './backend-pool';
import { CrmHttpAlertSink } from './crm-http-alert-sink';
import { CrmHttpRouter } from './crm-http-router';
import { CrmHttpSink } from './crm-http-sink';

/** A stub backend node on loopback: answers with whatever `handler` says, records what it was asked. */
class StubNode {
  handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => res.writeHead(200).end('{}');
  readonly seen: string[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.seen.push(`${req.method} ${req.url}`);
      this.handler(req, res);
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  requests(path: string): number {
    return this.seen.filter((s) => s.includes(path)).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

/** A port nothing listens on: connections are refused at once, as to a SIGKILLed node. */
async function deadUrl(): Promise<string> {
  const node = await new StubNode().start();
  await node.stop();
  return node.url;
}

const EVENTS = '/api/internal/call-events';
const ok = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[{"index":0,"status":"accepted"}]}');
const manual = { healthIntervalMs: 0, healthTimeoutMs: 300 };

describe('BackendPool', () => {
  let a: StubNode;
  let b: StubNode;
  let logs: string[];

  beforeEach(async () => {
    [a, b] = await Promise.all([new StubNode().start(), new StubNode().start()]);
    a.handler = (_q, res) => ok(res);
    b.handler = (_q, res) => ok(res);
    logs = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((line) => {
      logs.push(String(line));
      return true;
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all([a.stop(), b.stop()]);
  });

  it('should send a batch to the next node at once and stay there when the current node refuses the connection', async () => {
    const dead = await deadUrl();
    const pool = new BackendPool([dead, b.url], manual);
    const sink = new CrmHttpSink(pool, 'token');
    await expect(sink.deliver([{ callId: 'c1' }])).resolves.toEqual({ kind: 'answered', verdicts: [{ status: 'accepted' }] });
    expect(pool.current).toBe(b.url);
    expect(b.requests(EVENTS)).toBe(1);
    const line = logs.find((l) => l.includes('backend node switch'))!;
    expect(JSON.parse(line)).toMatchObject({ ctx: 'BackendPool', from: dead, to: b.url });
    await sink.deliver([{ callId: 'c2' }]);
    expect(b.requests(EVENTS)).toBe(2);
  });

  it('should fail over when the current node answers 503 and not come back to it for the next batch', async () => {
    a.handler = (_q, res) => res.writeHead(503).end('draining');
    const pool = new BackendPool([a.url, b.url], manual);
    const sink = new CrmHttpSink(pool, 'token');
    expect((await sink.deliver([{ callId: 'c1' }])).kind).toBe('answered');
    expect((await sink.deliver([{ callId: 'c2' }])).kind).toBe('answered');
    expect([a.requests(EVENTS), b.requests(EVENTS)]).toEqual([1, 2]);
    expect(pool.isUp(a.url)).toBe(false);
  });

  it('should fail over when the current node does not answer within the timeout', async () => {
    a.handler = () => undefined; // never answers
    const pool = new BackendPool([a.url, b.url], manual);
    const sink = new CrmHttpSink(pool, 'token', 200);
    expect((await sink.deliver([{ callId: 'c1' }])).kind).toBe('answered');
    expect(pool.current).toBe(b.url);
  });

  it('should not fail over when the current node answers 401 or 400: the request is wrong, not the node', async () => {
    const pool = new BackendPool([a.url, b.url], manual);
    a.handler = (_q, res) => res.writeHead(401).end('bad token');
    expect(await new CrmHttpSink(pool, 'token').deliver([{}])).toMatchObject({ kind: 'retry', status: 401, server: false });
    a.handler = (_q, res) => res.writeHead(400).end('bad body');
    expect(await new CrmHttpSink(pool, 'token').deliver([{}])).toMatchObject({ kind: 'rejected', status: 400 });
    expect(b.seen).toEqual([]);
    expect(pool.current).toBe(a.url);
  });

  it('should keep both nodes up and hand the 500 back when every node fails the same batch', async () => {
    a.handler = (_q, res) => res.writeHead(500).end('boom');
    b.handler = (_q, res) => res.writeHead(500).end('boom');
    const pool = new BackendPool([a.url, b.url], manual);
    expect(await new CrmHttpSink(pool, 'token').deliver([{}])).toMatchObject({ kind: 'retry', status: 500, server: true });
    expect([pool.isUp(a.url), pool.isUp(b.url), pool.current]).toEqual([true, true, a.url]);
  });

  it('should mark a node down when it fails a batch with 500 that another node then accepts', async () => {
    a.handler = (_q, res) => res.writeHead(500).end('boom');
    const pool = new BackendPool([a.url, b.url], manual);
    expect((await new CrmHttpSink(pool, 'token').deliver([{}])).kind).toBe('answered');
    expect([pool.isUp(a.url), pool.current]).toEqual([false, b.url]);
  });

  it('should answer retry (the journal keeps the events) after trying every node when none can be reached', async () => {
    const pool = new BackendPool([await deadUrl(), await deadUrl()], manual);
    expect(await new CrmHttpSink(pool, 'token').deliver([{}])).toMatchObject({ kind: 'retry', server: false });
    // every node down: the next batch still tries them all
    expect(await new CrmHttpSink(pool, 'token').deliver([{}])).toMatchObject({ kind: 'retry', server: false });
  });

  it('should take a node out after three failing health checks in a row, before any request fails there', async () => {
    let healthy = false;
    a.handler = (req, res) => (req.url === '/api/health' && !healthy ? res.writeHead(503).end() : ok(res));
    const pool = new BackendPool([a.url, b.url], manual);
    await pool.checkAll();
    await pool.checkAll();
    expect([pool.isUp(a.url), pool.current]).toEqual([true, a.url]);
    await pool.checkAll();
    expect([pool.isUp(a.url), pool.current]).toEqual([false, b.url]);
    expect(logs.filter((l) => l.includes('backend node down'))[0]).toContain('health check answered 503 (3 in a row)');
  });

  it('should take a node out at the first health check that finds nothing listening', async () => {
    const pool = new BackendPool([await deadUrl(), b.url], manual);
    await pool.checkAll();
    expect(pool.current).toBe(b.url);
  });

  it('should count a health check that times out as a miss, not as a dead node', async () => {
    a.handler = (req, res) => (req.url === '/api/health' ? undefined : ok(res));
    const pool = new BackendPool([a.url, b.url], { healthIntervalMs: 0, healthTimeoutMs: 100 });
    await pool.checkAll();
    expect(pool.current).toBe(a.url);
    await pool.checkAll();
    await pool.checkAll();
    expect(pool.current).toBe(b.url);
  });

  it('should go back to the first node after two passing health checks when it returns', async () => {
    let healthy = false;
    a.handler = (req, res) => (req.url === '/api/health' && !healthy ? res.writeHead(503).end() : ok(res));
    const pool = new BackendPool([a.url, b.url], manual);
    await new CrmHttpSink(pool, 'token').deliver([{}]);
    for (let i = 0; i < 3; i++) await pool.checkAll();
    expect(pool.current).toBe(b.url);
    healthy = true;
    await pool.checkAll();
    expect([pool.isUp(a.url), pool.current]).toEqual([false, b.url]);
    await pool.checkAll();
    expect([pool.isUp(a.url), pool.current]).toEqual([true, a.url]);
    expect(logs.filter((l) => l.includes('backend node up'))).toHaveLength(1);
    expect(JSON.parse(logs.filter((l) => l.includes('backend node switch')).at(-1)!)).toMatchObject({ from: b.url, to: a.url });
  });

  it('should not go back to a node listed later when it returns', async () => {
    const pool = new BackendPool([a.url, b.url], manual);
    b.handler = (_q, res) => res.writeHead(503).end();
    await pool.checkAll();
    await pool.checkAll();
    await pool.checkAll();
    expect(pool.isUp(b.url)).toBe(false);
    b.handler = (_q, res) => ok(res);
    await pool.checkAll();
    await pool.checkAll();
    expect([pool.isUp(b.url), pool.current]).toEqual([true, a.url]);
    expect(logs.filter((l) => l.includes('backend node switch'))).toEqual([]);
  });

  it('should run health checks on its own every interval when started', async () => {
    const pool = new BackendPool([a.url, b.url], { healthIntervalMs: 50, healthTimeoutMs: 300 });
    pool.start();
    try {
      const until = Date.now() + 2000;
      while (a.requests('/api/health') < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(a.requests('/api/health')).toBeGreaterThanOrEqual(2);
      expect(b.requests('/api/health')).toBeGreaterThanOrEqual(2);
    } finally {
      pool.stop();
    }
  });

  it('should ask the next node for routing within the same budget when the current one is gone', async () => {
    b.handler = (_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"groups":[{"extensions":["1001"],"timeoutSec":15}]}');
    const pool = new BackendPool([await deadUrl(), b.url], manual);
    const router = new CrmHttpRouter(pool, 'token', 500);
    try {
      await expect(router.route({ callId: 'x', from: '1', to: '2' })).resolves.toMatchObject({ kind: 'decided' });
      expect(pool.current).toBe(b.url);
    } finally {
      router.close();
    }
  });

  it('should not ask another node for routing once the budget is spent on a node that never answers', async () => {
    a.handler = () => undefined;
    const pool = new BackendPool([a.url, b.url], manual);
    const router = new CrmHttpRouter(pool, 'token', 150);
    try {
      const started = performance.now();
      await expect(router.route({ callId: 'x', from: '1', to: '2' })).resolves.toMatchObject({ kind: 'failed', reason: 'no answer within 150 ms' });
      expect(performance.now() - started).toBeLessThan(400);
      expect(b.seen).toEqual([]);
      // the node that timed out is down now: the next question goes to b straight away
      b.handler = (_q, res) => res.writeHead(200).end('{"groups":[]}');
      await expect(router.route({ callId: 'y', from: '1', to: '2' })).resolves.toMatchObject({ kind: 'decided' });
    } finally {
      router.close();
    }
  });

  it('should raise an alert through the next node when the current one is gone', async () => {
    const pool = new BackendPool([await deadUrl(), b.url], manual);
    const sink = new CrmHttpAlertSink(pool, 'token');
    await expect(sink.send({ kind: 'call-event-dead-lettered', callId: 'c1', eventType: 'offered', reason: 'invalid: x' })).resolves.toBe('sent');
    expect(b.requests('/api/internal/alerts')).toBe(1);
  });
});
