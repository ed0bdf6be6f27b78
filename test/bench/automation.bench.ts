// Issue 5's figures: the automation engine on BENCH_AUTOMATION_DEALS open deals (100,000 by
// default), each with its durable timers armed. Call events arrive at BENCH_EVENT_RATE per second
// (500) for BENCH_EVENT_SECONDS (20); each fires the "unanswered attempt → No answer" rule, and
// the time from sending the event to the Head's socket hearing the move is measured. Meanwhile
// BENCH_DUE_TIMERS (2,000) timers fall due across the run and fire ("30 days without contact →
// Forgotten"); their lateness is measured from PostgreSQL. Run with
// `npm run bench -- test/bench/automation.bench.ts`. BENCH_EVENT_PATH=calls sends each event as
// the pbx-bridge would (a `missed` call event to /api/internal/call-events: the calls module
// records it, then emits call.missed) instead of straight to the engine's test route.
import { Agent, request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { RecordingSocket } from '../support/socket';
import { query } from './support/seed';
import { summarize, table, type Row } from './support/stats';
import { envInt } from './support/env';


const CONFIG = {
  deals: envInt('BENCH_AUTOMATION_DEALS', 100_000),
  rate: envInt('BENCH_EVENT_RATE', 500),
  seconds: envInt('BENCH_EVENT_SECONDS', 20),
  dueTimers: envInt('BENCH_DUE_TIMERS', 2_000),
  pollMs: envInt('BENCH_POLL_MS', 1000),
  workers: envInt('BENCH_AUTOMATION_WORKERS', 4),
  path: process.env.BENCH_EVENT_PATH === 'calls' ? 'calls' : 'engine',
  /** Events per request (the bridge delivers the call events pending, up to 100, in one request); latency counts from each event's own time. */
  batch: envInt('BENCH_EVENT_BATCH', 10),
  /** Seconds of the same traffic before the measured run (the bench has just restarted the backend); 0 measures from cold. */
  warmup: envInt('BENCH_WARMUP_SECONDS', 3, 0),
};
const TARGET = { eventP99Ms: 200, timerLateP99Ms: 60_000 };
// Events sent from this second of the run on are also reported apart (after the restarted backend's warm-up).
const STEADY_FROM_S = 5;

let backend: StartedBackend;
const rows: Row[] = [];
const startedAt = new Date();
const loadBefore = loadavg();
const log = (line: string) => process.stdout.write(`[automation bench] ${line}\n`);

beforeAll(async () => {
  backend = await startBackend({
    seed: 'users',
    env: {
      LOG_LEVEL: 'warn',
      AUTOMATION_POLL_MS: String(CONFIG.pollMs),
      AUTOMATION_WORKERS: String(CONFIG.workers),
      DATABASE_POOL_MAX: '30',
      // BENCH_CPU_PROF=<file.js>: preloaded into the backend (e.g. a script that starts the inspector profiler).
      ...(process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--require ${process.env.BENCH_CPU_PROF}` } : {}),
    },
  });
}, 600_000);

afterAll(async () => {
  const report = [
    '',
    `Automation benchmark, ${startedAt.toISOString()}: ${CONFIG.deals} open deals, ${CONFIG.rate} events/s for ${CONFIG.seconds} s, ` +
      `${CONFIG.dueTimers} timers falling due, poll ${CONFIG.pollMs} ms, ${CONFIG.workers} timer workers, events via ${CONFIG.path === 'calls' ? 'the calls module' : 'the engine\'s test route'}, ${CONFIG.batch} per request, ${CONFIG.warmup} s warm-up not measured; ` +
      `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`,
    `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    '',
    table(rows),
    '',
  ].join('\n');
  process.stdout.write(report);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `automation-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ startedAt, config: CONFIG, loadBefore, loadAfter: loadavg(), rows }, null, 2));
  // The backend's warnings and errors (queue high-water, failed rules) beside the figures.
  const noisy = (backend?.output() ?? '').split('\n').filter((l) => /WARN|ERROR/.test(l));
  writeFileSync(file.replace(/\.json$/, '.log'), noisy.slice(-500).join('\n'));
  await backend?.destroy();
}, 120_000);

it('keeps up with events and timers on a large database', async () => {
  const db = backend.databaseUrl;
  const anon = new Api(backend.url);
  const head = await anon.login('head@example.com');
  const alice = await anon.login('alice@example.com');
  const bob = await anon.login('bob@example.com');
  const [pipeline] = (await head.api.get('/api/pipelines')).body;
  const stage = (key: string) => pipeline.stages.find((s: any) => s.name === key).id;

  // 100,000 open deals in New, recently created (so no timer is due yet), half Alice's, half Bob's.
  let t = performance.now();
  await query(
    db,
    `INSERT INTO deals (title, amount, pipeline_id, stage_id, owner_id, source, position, created_at, stage_entered_at)
     SELECT 'Bench deal ' || g, (g % 5000)::numeric, $1, $2, CASE WHEN g % 2 = 0 THEN $3::uuid ELSE $4::uuid END, 'manual', g,
            now() - (g % 3600) * interval '1 second', now() - (g % 3600) * interval '1 second'
     FROM generate_series(1, $5::int) g`,
    [pipeline.id, stage('New'), alice.user.id, bob.user.id, CONFIG.deals],
  );
  await query(db, 'ANALYZE');
  rows.push({ measure: 'seed open deals', n: CONFIG.deals, extra: `${((performance.now() - t) / 1000).toFixed(1)} s` });

  // A restart arms every timer rule for every open deal from PostgreSQL, as after a crash.
  t = performance.now();
  await backend.restart();
  await waitUntil(async () => (await anon.get('/api/health').catch(() => ({ status: 0 }))).status === 200);
  await waitUntil(async () => (await query(db, `SELECT count(*)::int AS n FROM automation_timers`))[0].n >= CONFIG.deals);
  const [{ n: timers }] = await query(db, `SELECT count(*)::int AS n FROM automation_timers WHERE status = 'pending'`);
  rows.push({ measure: 'boot: arm timers for all open deals', n: timers, extra: `${((performance.now() - t) / 1000).toFixed(1)} s incl. restart` });

  // Some deals fall silent for 30 days at moments spread over the run: their timers come due then.
  const spread = CONFIG.seconds * 1000;
  await query(
    db,
    `WITH pick AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM deals WHERE title LIKE 'Bench deal %' ORDER BY id LIMIT $1)
     UPDATE deals d SET created_at = now() - interval '30 days' + (2000 + (p.k * $2::int / $1::int)) * interval '1 millisecond'
     FROM pick p WHERE p.id = d.id`,
    [CONFIG.dueTimers, spread],
  );
  const forgottenRule = (await query(db, `SELECT id FROM automation_rules WHERE system_key = 'forgotten'`))[0].id;
  await query(
    db,
    `UPDATE automation_timers t SET anchor = d.created_at, due_at = d.created_at + interval '30 days'
     FROM deals d WHERE d.id = t.subject_id AND t.rule_id = $1 AND d.created_at < now() - interval '29 days'`,
    [forgottenRule],
  );
  const dueIds = (await query(db, `SELECT id FROM deals WHERE created_at < now() - interval '29 days'`)).map((r: any) => r.id);

  // The event deals: others, each with one outbound unanswered call on record.
  const warmEvents = Math.round(CONFIG.rate * CONFIG.warmup);
  const events = CONFIG.rate * CONFIG.seconds + warmEvents;
  const eventDeals: { id: string }[] = await query(
    db,
    `SELECT id FROM deals WHERE title LIKE 'Bench deal %' AND created_at > now() - interval '1 day' ORDER BY id DESC LIMIT $1`,
    [events],
  );
  await query(
    db,
    `INSERT INTO calls (sip_call_id, direction, deal_id, user_id, offered_at, outcome, missed_reason, deal_created)
     SELECT 'bench-' || d.id, 'outbound', d.id, d.owner_id, now(), CASE WHEN $2 THEN 'ringing' ELSE 'missed' END,
            CASE WHEN $2 THEN NULL ELSE 'no_answer' END, true FROM deals d WHERE d.id = ANY($1::uuid[])`,
    [eventDeals.map((d) => d.id), CONFIG.path === 'calls'],
  );

  const socket = await RecordingSocket.connect(backend.url, head.token);
  // The events go over a fixed set of kept-alive connections (as the bridge delivers them): a
  // request waits for a free connection rather than opening a new one, and that wait counts.
  const send = poster(backend.url, backend.env.PBX_SERVICE_TOKEN, 64);
  const sentAt = new Map<string, number>();
  const refused: string[] = [];
  const accepted: number[] = [];
  let retried = 0;
  const runStart = performance.now();
  const inflight: Promise<void>[] = [];
  // Event k happens at runStart + k/rate. A batch goes when its last event has happened (as a
  // producer that forwards what is pending), and each event's latency counts from its own time,
  // so the wait in the batch is part of it.
  const happensAt = (k: number) => runStart + (k * 1000) / CONFIG.rate;
  for (let i = 0; i < eventDeals.length; i += CONFIG.batch) {
    const batch = eventDeals.slice(i, i + CONFIG.batch).map((d, k) => ({ dealId: d.id, seq: i + k }));
    const wait = happensAt(i + batch.length - 1) - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    // the warm-up's events are sent the same way but not measured
    for (const { dealId, seq } of batch) if (seq >= warmEvents) sentAt.set(dealId, Math.min(happensAt(seq), sent));
    // A connection reset or a keep-alive socket the server closed under the client is retried
    // (up to 3 times; latency still counts from the first send): the event is idempotent, rules
    // act once per (rule, cause).
    const post = (): Promise<{ status: number }> =>
      CONFIG.path === 'calls'
        ? send('/api/internal/call-events', {
            events: batch.map(({ dealId, seq }) => ({ type: 'missed', callId: `bench-${dealId}`, origin: { pbx: 'bench', boot: 'b', seq }, at: new Date().toISOString(), reason: 'no_answer' })),
          }).then((r) => ({ status: r.status === 200 ? 202 : r.status }))
        : send(
            '/api/internal/test/events',
            batch.length === 1 && CONFIG.batch === 1
              ? { event: 'call.missed', callId: `bench-${batch[0].dealId}`, dealId: batch[0].dealId, direction: 'outbound' }
              : { events: batch.map(({ dealId }) => ({ event: 'call.missed', callId: `bench-${dealId}`, dealId, direction: 'outbound' })) },
          );
    const attempt = (left: number): Promise<{ status: number }> =>
      post().catch((err) => {
        if (!left || !['UND_ERR_SOCKET', 'ECONNRESET'].includes(err?.cause?.code ?? err?.code)) throw err;
        retried++;
        return new Promise((r) => setTimeout(r, 50)).then(() => attempt(left - 1));
      });
    inflight.push(
      attempt(3)
        .then((r) => void (r.status !== 202 ? refused.push(String(r.status)) : accepted.push(performance.now() - sent)))
        .catch((err) => void refused.push(String(err?.cause?.code ?? err?.message ?? err))),
    );
  }
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - runStart) / 1000;
  if (refused.length) {
    const why = new Map<string, number>();
    for (const r of refused) why.set(r, (why.get(r) ?? 0) + 1);
    log(`refused: ${refused.length} (${[...why].map(([k, n]) => `${k} × ${n}`).join(', ')})`);
  }
  const a = summarize(accepted);
  rows.push({ measure: CONFIG.path === 'calls' ? 'call event → 200 applied (calls module)' : 'event request → 202 accepted', n: accepted.length, ...a, extra: `send loop ${sendSeconds.toFixed(1)} s${retried ? `, ${retried} retried` : ''}` });
  await waitUntil(() => Promise.resolve(socket.events('deal.moved').length >= eventDeals.length + dueIds.length), 120_000).catch(() => undefined);
  await waitUntil(async () => (await query(db, `SELECT count(*)::int AS n FROM automation_runs WHERE rule_id = $1`, [forgottenRule]))[0].n >= dueIds.length, 120_000).catch(
    () => undefined,
  );

  const latencies: number[] = [];
  const bySecond = new Map<number, number[]>();
  for (const r of socket.events('deal.moved')) {
    const sent = sentAt.get(r.payload.deal.id);
    if (sent === undefined || r.payload.deal.stageId !== stage('No answer')) continue;
    latencies.push(r.at - sent);
    const second = Math.floor((sent - happensAt(warmEvents)) / 1000);
    bySecond.set(second, [...(bySecond.get(second) ?? []), r.at - sent]);
  }
  // Where in the run the slow ones were sent (start-up vs steady state).
  log(
    `event → moved p50/p99 by second of sending: ${[...bySecond]
      .sort((x, y) => x[0] - y[0])
      .map(([sec, l]) => `${sec}: ${summarize(l).p50.toFixed(0)}/${summarize(l).p99.toFixed(0)}`)
      .join(', ')}`,
  );
  const e = summarize(latencies);
  // The backend was restarted just before the run: its first seconds include V8's warm-up.
  const steady = [...bySecond].filter(([sec]) => sec >= STEADY_FROM_S).flatMap(([, l]) => l);
  rows.push({
    measure: 'call event → rule moved the deal (socket)',
    n: `${latencies.length}/${eventDeals.length - warmEvents}`,
    ...e,
    extra: `${(eventDeals.length / sendSeconds).toFixed(0)} events/s sent${refused.length ? `, ${refused.length} refused` : ''}`,
    target: `p99 < ${TARGET.eventP99Ms} ms`,
    ok: latencies.length === eventDeals.length - warmEvents && e.p99 < TARGET.eventP99Ms,
  });
  if (steady.length) rows.push({ measure: `  the same, sent from second ${STEADY_FROM_S} on`, n: steady.length, ...summarize(steady) });

  const late = await query(
    db,
    `SELECT extract(epoch FROM r.created_at - t.due_at) * 1000 AS ms FROM automation_runs r
     JOIN automation_timers t ON t.rule_id = r.rule_id AND t.subject_id = r.deal_id WHERE r.rule_id = $1`,
    [forgottenRule],
  );
  const l = summarize(late.map((r: any) => Number(r.ms)));
  rows.push({
    measure: 'timer due → rule acted (lateness)',
    n: `${late.length}/${dueIds.length}`,
    ...l,
    extra: `poll every ${CONFIG.pollMs} ms, ${timers} timers pending`,
    target: 'fires once, within a minute',
    ok: late.length === dueIds.length && l.p99 < TARGET.timerLateP99Ms,
  });
  const [{ dup }] = await query(db, `SELECT count(*)::int - count(DISTINCT (rule_id, cause_key))::int AS dup FROM automation_runs`);
  rows.push({ measure: 'duplicate runs per (rule, cause)', n: dup, target: '0', ok: dup === 0 });
  socket.close();
  expect(rows.filter((r) => r.ok === false).map((r) => r.measure)).toEqual([]);
}, 900_000);

/** POSTs JSON over at most `connections` kept-alive connections; resolves with the status. */
function poster(baseUrl: string, token: string, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(baseUrl);
  return (path: string, body: unknown) =>
    new Promise<{ status: number }>((resolve, reject) => {
      const data = JSON.stringify(body);
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
}

async function waitUntil(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
