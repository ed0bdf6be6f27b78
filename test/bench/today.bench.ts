// Issue 12 item 7's figures: the Today list with unclaimed call-backs on a database of
// BENCH_DEALS deals (50,000 by default), and claims raced by two Sellers. Run with
// `npm run bench -- test/bench/today.bench.ts`.
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { envInt } from './support/env';
import { hireSellers, query, seedDeals } from './support/seed';
import { summarize, table, timed, type Row } from './support/stats';

const CONFIG = {
  deals: envInt('BENCH_DEALS', 50_000),
  sellers: envInt('BENCH_SELLERS', 20),
  unclaimed: envInt('BENCH_UNCLAIMED', 300),
  requests: envInt('BENCH_TODAY_REQUESTS', 200),
  races: envInt('BENCH_CLAIM_RACES', 100),
};
const TARGET = { todayP99Ms: 150, claimP99Ms: 150 };
const PASSWORD = 'callboard';

let backend: StartedBackend;
let head: Api;
let alice: Api;
let bob: Api;
let pbx: Api;
const rows: Row[] = [];
const startedAt = new Date();
const loadBefore = loadavg();
let seq = 0;

function log(line: string) {
  process.stdout.write(`[bench] ${line}\n`);
}

beforeAll(async () => {
  backend = await startBackend({ seed: 'users', env: { LOG_LEVEL: 'warn' } });
  const anon = new Api(backend.url);
  head = (await anon.login('head@example.com', PASSWORD)).api;
  const hired = await hireSellers(head, CONFIG.sellers, `${PASSWORD}-seller`);
  const a = await anon.login('alice@example.com', PASSWORD);
  const b = await anon.login('bob@example.com', PASSWORD);
  alice = a.api;
  bob = b.api;
  pbx = new Api(backend.url, backend.env.PBX_SERVICE_TOKEN);
  const [pipeline] = (await head.get('/api/pipelines')).body;
  const seeded = await seedDeals(backend.databaseUrl, {
    deals: CONFIG.deals,
    pipelineId: pipeline.id,
    stageIds: pipeline.stages.map((s: { id: string }) => s.id),
    sellerIds: [a.user.id, b.user.id, ...hired.map((s) => s.id)],
  });
  log(`seeded ${seeded.deals} deals in ${(seeded.ms / 1000).toFixed(1)} s`);
  // the unclaimed call-backs, as the bridge reports missed calls from new numbers (50 calls a request)
  for (let i = 0; i < CONFIG.unclaimed; i += 50) {
    const events = [];
    for (let j = i; j < Math.min(i + 50, CONFIG.unclaimed); j++) events.push(...missedCall(`+3620${String(1_000_000 + j)}`));
    const res = await pbx.post('/api/internal/call-events', { events });
    if (res.status !== 200) throw new Error(`call events: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const [{ n }] = await query(backend.databaseUrl, `SELECT count(*)::int AS n FROM tasks WHERE assignee_id IS NULL AND type = 'call_back' AND status = 'open'`);
  log(`${n} unclaimed call-backs`);
  await query(backend.databaseUrl, 'VACUUM ANALYZE tasks');
}, 900_000);

afterAll(async () => {
  process.stdout.write(
    [
      '',
      `Today benchmark, ${startedAt.toISOString()}: ${CONFIG.deals} deals, ${CONFIG.unclaimed} unclaimed call-backs, ${CONFIG.sellers + 2} sellers, ` +
        `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`,
      `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      '',
      table(rows),
      '',
    ].join('\n'),
  );
  await backend?.destroy();
}, 120_000);

function missedCall(from: string) {
  const callId = `${randomUUID()}@bench`;
  const ev = (type: string, fields: Record<string, unknown>) => ({ callId, type, origin: { pbx: 'bench', boot: 'today', seq: ++seq }, at: new Date().toISOString(), ...fields });
  return [ev('offered', { direction: 'inbound', from, fromName: null, to: '+3612345678' }), ev('missed', { reason: 'no_answer' })];
}

async function benchToday(label: string, api: Api): Promise<void> {
  const get = async () => {
    const res = await api.get('/api/today');
    if (res.status !== 200) throw new Error(`today: ${res.status}`);
    return res.body.items as { kind: string }[];
  };
  const unclaimed = (await get()).filter((i) => i.kind === 'unclaimed_call_back').length;
  await timed(20, 1, async () => void (await get()));
  const s = summarize((await timed(CONFIG.requests, 1, async () => void (await get()))).samples);
  rows.push({ measure: `GET /api/today, ${label}`, ...s, extra: `${unclaimed} unclaimed shown`, target: `p99 < ${TARGET.todayP99Ms}`, ok: s.p99 < TARGET.todayP99Ms });
}

describe(`Today list and claims with ${CONFIG.deals} deals`, () => {
  it('should serve a Seller\'s Today list with the unclaimed call-backs', () => benchToday('Seller (busiest)', alice), 600_000);

  it('should serve a Head\'s Today list', () => benchToday('Head', head), 600_000);

  it('should give every raced call-back to exactly one of two Sellers', async () => {
    const items = ((await alice.get('/api/today')).body.items as { kind: string; taskId: string }[]).filter((i) => i.kind === 'unclaimed_call_back');
    const races = items.slice(0, CONFIG.races);
    const winners: number[] = [];
    let oneWinner = 0;
    for (const item of races) {
      const t0 = performance.now();
      const [x, y] = await Promise.all([alice.post(`/api/tasks/${item.taskId}/claim`), bob.post(`/api/tasks/${item.taskId}/claim`)]);
      winners.push(performance.now() - t0);
      if ([x.status, y.status].sort().join() === '200,409') oneWinner++;
    }
    const s = summarize(winners);
    rows.push({ measure: 'two simultaneous claims, both answered', ...s, extra: `${oneWinner}/${races.length} with exactly one winner`, target: `p99 < ${TARGET.claimP99Ms}`, ok: s.p99 < TARGET.claimP99Ms });
    expect(oneWinner).toBe(races.length);
  }, 600_000);
});
