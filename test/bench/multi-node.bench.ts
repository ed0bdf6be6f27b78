// Issue 18's figures: one backend node against two, same machine, same run, through the same
// haproxy (deploy/haproxy/haproxy.cfg): in the "one node" round both of its servers are node A,
// in the "two nodes" round they are A and B. Measured per round, closed loop for
// BENCH_MULTI_SECONDS (10) each: board API requests/s (BENCH_MULTI_BOARD_CLIENTS concurrent Heads'
// GET /api/board) and call events/s (BENCH_MULTI_CALL_CLIENTS concurrent bridges posting batches of
// inbound calls, `offered` + `missed`: each makes a deal in Unsorted). Then move → seen on
// BENCH_MULTI_SOCKETS (200) sockets, half on each node: a move made through either node, the time
// until each socket hears it. Run: `BENCH_NO_BUILD=1 npm run bench -- test/bench/multi-node.bench.ts`.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { CallEvent } from '@callboard/contracts';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { startProxy, type RunningProxy } from '../support/haproxy';
import { RecordingSocket } from '../support/socket';
import { envInt } from './support/env';
import { query } from './support/seed';
import { summarize, table, type Row } from './support/stats';

const CONFIG = {
  seconds: envInt('BENCH_MULTI_SECONDS', 10),
  boardClients: envInt('BENCH_MULTI_BOARD_CLIENTS', 16),
  callClients: envInt('BENCH_MULTI_CALL_CLIENTS', 8),
  callsPerBatch: envInt('BENCH_MULTI_CALLS_PER_BATCH', 10),
  sockets: envInt('BENCH_MULTI_SOCKETS', 200),
  moves: envInt('BENCH_MULTI_MOVES', 100),
  movesPerSecond: envInt('BENCH_MULTI_MOVE_RATE', 10),
  port: envInt('BENCH_MULTI_PORT', 19300),
};
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_MOVE_P99_MS = 150;
const TARGET_SPEEDUP = 1.3;
const rows: Row[] = [];
const startedAt = new Date();
const log = (line: string) => process.stdout.write(`[multi-node bench] ${line}\n`);
const prefix = `cbbench:${randomBytes(6).toString('hex')}:`;

let a: StartedBackend;
let b: StartedBackend;
const proxies: RunningProxy[] = [];

afterAll(async () => {
  for (const p of proxies) await p.stop();
  await b?.stop();
  await a?.destroy();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  const report = [
    '',
    `Several nodes, ${startedAt.toISOString()}: ${CONFIG.seconds} s per measure, ${CONFIG.boardClients} board clients, ${CONFIG.callClients} call-event clients ` +
      `(${CONFIG.callsPerBatch} calls = ${CONFIG.callsPerBatch * 2} events a batch), ${CONFIG.sockets} sockets; ` +
      `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    '',
    table(rows),
    '',
  ].join('\n');
  process.stdout.write(report);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `multi-node-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ startedAt, config: CONFIG, rows }, null, 2));
});

/** CPU seconds a process has used (user + system, from /proc), 0 when it is gone. */
function cpuOf(pid: number | null): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineBusy(): number {
  const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = v.map(Number);
  return (n.reduce((x, y) => x + y, 0) - n[3] - n[4]) / 100;
}

/** Where the CPU went during `work`: cores used by node A, node B, this load generator, and everything else (PostgreSQL, haproxy). */
async function cpuSplit<T>(work: () => Promise<T>): Promise<{ result: T; split: string }> {
  const before = { a: cpuOf(a.pid()), b: cpuOf(b.pid()), self: process.cpuUsage(), all: machineBusy(), at: performance.now() };
  const result = await work();
  const secs = (performance.now() - before.at) / 1000;
  const self = process.cpuUsage(before.self);
  const used = { a: cpuOf(a.pid()) - before.a, b: cpuOf(b.pid()) - before.b, self: (self.user + self.system) / 1e6, all: machineBusy() - before.all };
  const rest = used.all - used.a - used.b - used.self;
  const cores = (x: number) => (x / secs).toFixed(2);
  return { result, split: `cores busy ${cores(used.all)} of ${cpus().length}: node A ${cores(used.a)}, node B ${cores(used.b)}, load generator ${cores(used.self)}, rest (PostgreSQL, haproxy) ${cores(rest)}` };
}

/** Runs `clients` loops of `work` for the configured seconds; returns how many units they completed per second. */
async function closedLoop(clients: number, work: (client: number) => Promise<number>): Promise<{ perSecond: number; failures: number; why: string }> {
  const until = performance.now() + CONFIG.seconds * 1000;
  let done = 0;
  let failures = 0;
  const reasons = new Map<string, number>();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < until) {
        try {
          // not `done += await …`: that reads `done` before the await and loses the other clients' counts
          const n = await work(c);
          done += n;
        } catch (err) {
          failures++;
          const why = err instanceof Error ? err.message : String(err);
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
        }
      }
    }),
  );
  return { perSecond: done / ((performance.now() - start) / 1000), failures, why: [...reasons].map(([w, n]) => `${n}× ${w}`).join('; ') };
}

let callSeq = 0;
function inboundBatch(): CallEvent[] {
  const events: CallEvent[] = [];
  const at = new Date().toISOString();
  for (let i = 0; i < CONFIG.callsPerBatch; i++) {
    const n = ++callSeq;
    const callId = `bench-${prefix}-${n}@multi-node`;
    const origin = (k: number) => ({ pbx: 'bench', boot: prefix.replace(/:/g, '-'), seq: n * 2 + k });
    events.push({ type: 'offered', callId, origin: origin(0), at, direction: 'inbound', from: `+3630${String(n).padStart(7, '0')}`, fromName: null, to: '+3612345678' });
    events.push({ type: 'missed', callId, origin: origin(1), at, reason: 'no_answer' });
  }
  return events;
}

/** Board API requests/s through `proxy` (closed loop). */
async function boardRate(label: string, proxy: RunningProxy, headToken: string): Promise<number> {
  const board = await closedLoop(CONFIG.boardClients, async () => {
    const res = await fetch(`${proxy.url}/api/board`, { headers: { authorization: `Bearer ${headToken}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`board ${res.status}`);
    return 1;
  });
  log(`${label}: board ${board.perSecond.toFixed(0)} req/s (${board.failures} failed${board.why && `: ${board.why}`})`);
  return board.perSecond;
}

/** Call events/s accepted through `proxy` (closed loop of bridges posting batches of inbound calls). */
async function callEventRate(label: string, proxy: RunningProxy, serviceToken: string): Promise<number> {
  const calls = await closedLoop(CONFIG.callClients, async () => {
    const events = inboundBatch();
    const res = await fetch(`${proxy.url}/api/internal/call-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${serviceToken}` },
      body: JSON.stringify({ events }),
    });
    const body = await res.text();
    if (res.status >= 300) throw new Error(`call events ${res.status} ${body.slice(0, 120)}`);
    return events.length;
  });
  log(`${label}: call events ${calls.perSecond.toFixed(0)}/s (${calls.failures} failed${calls.why && `: ${calls.why}`})`);
  return calls.perSecond;
}

/** Waits until the rules' and webhooks' queues left by the call events are drained, so a measure starts on an idle system. */
async function settle(databaseUrl: string): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const [{ n }] = await query(databaseUrl, `SELECT (SELECT count(*) FROM automation_outbox)::int AS n`);
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  log('queues not drained within 120 s; measuring anyway');
}

jest.setTimeout(20 * 60_000);

it('measures one node against two, and move → seen on sockets split over two nodes', async () => {
  const cluster = { REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '20', DATABASE_POOL_MIN: '10' };
  a = await startBackend({ seed: 'users', env: { ...cluster, NODE_NAME: 'bench-a' } });
  b = await startBackend({ databaseUrl: a.databaseUrl, env: { ...a.env, ...cluster, NODE_NAME: 'bench-b' } });
  const hostA = new URL(a.url).host;
  const hostB = new URL(b.url).host;
  const one = await startProxy(CONFIG.port, hostA, hostA);
  const two = await startProxy(CONFIG.port + 1, hostA, hostB);
  proxies.push(one, two);
  const anon = new Api(a.url);
  const head = await anon.login('head@example.com');
  const alice = await anon.login('alice@example.com');
  const service = a.env.PBX_SERVICE_TOKEN!;

  // Two rounds each, alternating, so whatever changes over the run weighs on both alike: the board
  // first (nothing else running), then the call events (each call adds a deal and queued rule work,
  // drained before the next measure).
  const results: Record<'one' | 'two', { board: number[]; calls: number[] }> = { one: { board: [], calls: [] }, two: { board: [], calls: [] } };
  const topologies = [['one', one], ['two', two]] as const;
  for (const round of [1, 2]) {
    for (const [key, proxy] of topologies) {
      const { result, split } = await cpuSplit(() => boardRate(`${key} node(s), round ${round}`, proxy, head.token));
      results[key].board.push(result);
      log(`  ${split}`);
    }
  }
  for (const round of [1, 2]) {
    for (const [key, proxy] of topologies) {
      await settle(a.databaseUrl);
      const { result, split } = await cpuSplit(() => callEventRate(`${key} node(s), round ${round}`, proxy, service));
      results[key].calls.push(result);
      log(`  ${split}`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  for (const [measure, key] of [['board API requests/s', 'board'], ['call events/s', 'calls']] as const) {
    const single = mean(results.one[key]);
    const double = mean(results.two[key]);
    rows.push({ measure: `${measure}: one node`, n: results.one[key].length, extra: single.toFixed(0) });
    rows.push({
      measure: `${measure}: two nodes`,
      n: results.two[key].length,
      extra: `${double.toFixed(0)} (${(double / single).toFixed(2)}×)`,
      target: `≥ ${TARGET_SPEEDUP}× one node`,
      ok: double / single >= TARGET_SPEEDUP,
    });
  }

  // move → seen: half the sockets on each node, Heads and Alice (who owns the moved deals)
  const sockets: RecordingSocket[] = [];
  for (let i = 0; i < CONFIG.sockets; i++) {
    const node = i % 2 === 0 ? a : b;
    sockets.push(await RecordingSocket.connect(node.url, i % 4 < 2 ? head.token : alice.token));
  }
  try {
    const apis = [new Api(a.url, alice.token), new Api(b.url, alice.token)];
    const [pipeline] = (await head.api.get('/api/pipelines')).body;
    const stages = ['New', 'In progress'].map((name) => pipeline.stages.find((s: any) => s.name === name).id);
    const deals: string[] = [];
    for (let i = 0; i < 10; i++) deals.push((await apis[0].post('/api/deals', { title: `Bench move ${i}` })).body.id);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let missing = 0;
    for (let m = 0; m < CONFIG.moves; m++) {
      const dealId = deals[m % deals.length];
      const stageId = stages[Math.floor(m / deals.length) % 2 === 0 ? 1 : 0];
      const key = `${dealId}|${m}`;
      const t0 = performance.now();
      sentAt.set(key, t0);
      const waits = sockets.map((s) => s.waitFor('deal.moved', (p) => p.deal.id === dealId && p.deal.stageId === stageId, 10_000).then((r) => r.at - t0, () => null));
      const res = await apis[m % 2].post(`/api/deals/${dealId}/move`, { stageId });
      if (res.status !== 200) throw new Error(`move ${res.status} ${JSON.stringify(res.body)}`);
      for (const l of await Promise.all(waits)) (l === null ? missing++ : latencies.push(l));
      for (const s of sockets) s.received.length = 0;
      await new Promise((r) => setTimeout(r, 1000 / CONFIG.movesPerSecond));
    }
    const s = summarize(latencies);
    rows.push({
      measure: `move → seen on ${CONFIG.sockets} sockets (half per node), moves through either node`,
      n: `${latencies.length}/${CONFIG.moves * CONFIG.sockets}`,
      ...s,
      extra: `${missing} never seen`,
      target: `p99 ≤ ${TARGET_MOVE_P99_MS} ms`,
      ok: missing === 0 && s.p99 <= TARGET_MOVE_P99_MS,
    });
  } finally {
    for (const s of sockets) s.close();
  }
});
