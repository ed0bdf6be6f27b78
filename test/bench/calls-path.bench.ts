// Issue 12's calls-path figure: call events at BENCH_CALL_EVENT_RATE per second (500) for
// BENCH_CALL_EVENT_SECONDS (10) through the pbx-bridge's own delivery (its fsync'd journal, its
// OutboxDeliveryService: one request in flight with whatever is pending, up to 100 events, and its
// CRM HTTP sink) into the real backend; each call is a click-to-call (`offered` naming the rep's
// deal) and its `missed` (no answer), so the default rule moves the deal to "No answer". Measured:
// the `missed` event's time → the Head's socket hears the move. The same run is done against a
// "before" build first (BENCH_BEFORE_ROOT, default /work/main when it has a built backend; "none"
// skips it) and then this checkout's build, each on a fresh database. Run with
// `BENCH_NO_BUILD=1 npm run bench -- test/bench/calls-path.bench.ts`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '@callboard/contracts';
import { CrmHttpSink } from '../../pbx-bridge/src/adapters/http/crm-http-sink';
import { DeadLetterFile } from '../../pbx-bridge/src/application/dead-letter-file';
import { EventJournal } from '../../pbx-bridge/src/application/event-journal';
import { OutboxDeliveryService } from '../../pbx-bridge/src/application/outbox-delivery.service';
import { Api } from '../support/api';
import { ROOT, startBackend } from '../support/backend';
import { RecordingSocket } from '../support/socket';
import { envInt } from './support/env';
import { query } from './support/seed';
import { perSecond, summarize, table, type Row } from './support/stats';

const CONFIG = {
  rate: envInt('BENCH_CALL_EVENT_RATE', 500),
  seconds: envInt('BENCH_CALL_EVENT_SECONDS', 10),
  /** Open deals in the database besides the calls' own. */
  deals: envInt('BENCH_CALL_PATH_DEALS', 20_000),
  warmup: envInt('BENCH_WARMUP_SECONDS', 2, 0),
  batch: envInt('BENCH_DELIVERY_BATCH', 100),
  before: process.env.BENCH_BEFORE_ROOT ?? (existsSync('/work/main/backend/dist/main.js') ? '/work/main' : 'none'),
};
const TARGET_P99_MS = 250;
const rows: Row[] = [];
const startedAt = new Date();
const log = (line: string) => process.stdout.write(`[calls-path bench] ${line}\n`);

afterAll(() => {
  const report = [
    '',
    `Calls path, ${startedAt.toISOString()}: ${CONFIG.rate} call events/s for ${CONFIG.seconds} s (+${CONFIG.warmup} s warm-up not measured), ` +
      `through the bridge's journal and delivery (batches up to ${CONFIG.batch}), ${CONFIG.deals} other open deals; ` +
      `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load now ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    '',
    table(rows),
    '',
  ].join('\n');
  process.stdout.write(report);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `calls-path-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ startedAt, config: CONFIG, rows }, null, 2));
});

async function measure(label: string, root: string): Promise<void> {
  const loadBefore = loadavg()[0];
  const backend = await startBackend({ root, seed: 'users', env: { LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '20', DATABASE_POOL_MIN: process.env.BENCH_POOL_MIN ?? '20', AUTOMATION_POLL_MS: '1000' } });
  const dataDir = mkdtempSync(join(tmpdir(), 'cb-bench-journal-'));
  try {
    const db = backend.databaseUrl;
    const anon = new Api(backend.url);
    const head = await anon.login('head@example.com');
    const alice = await anon.login('alice@example.com');
    const bob = await anon.login('bob@example.com');
    const [pipeline] = (await head.api.get('/api/pipelines')).body;
    const stage = (name: string) => pipeline.stages.find((s: any) => s.name === name).id;
    const calls = Math.ceil((CONFIG.rate * (CONFIG.seconds + CONFIG.warmup)) / 2);
    // the calls' deals (half Alice's, half Bob's, in New) and the rest of the database
    await query(
      db,
      `INSERT INTO deals (title, amount, pipeline_id, stage_id, owner_id, source, position)
       SELECT CASE WHEN g <= $5 THEN 'Call deal ' ELSE 'Other deal ' END || g, 0, $1, $2, CASE WHEN g % 2 = 0 THEN $3::uuid ELSE $4::uuid END, 'manual', g
       FROM generate_series(1, $5::int + $6::int) g`,
      [pipeline.id, stage('New'), alice.user.id, bob.user.id, calls, CONFIG.deals],
    );
    await query(db, 'VACUUM ANALYZE');
    // Each build starts from the same state: the seed's (and an earlier run's) WAL written out now,
    // not by a checkpoint spread over the measured seconds (seen: a run right after a saturated one
    // measured p50 ~200 ms for its whole length, the same build run first ~50 ms).
    await query(db, 'CHECKPOINT');
    // and the kernel's dirty pages (an earlier run's WAL and data) written now, not in its commits' fsyncs
    execFileSync('sync');
    const deals: { id: string; ext: string }[] = (
      await query(db, `SELECT d.id, u.extension AS ext FROM deals d JOIN users u ON u.id = d.owner_id WHERE d.title LIKE 'Call deal %' ORDER BY d.id`)
    ).map((r: any) => ({ id: r.id, ext: r.ext }));

    const socket = await RecordingSocket.connect(backend.url, head.token);
    const journal = await EventJournal.open(dataDir);
    const deadLetters = await DeadLetterFile.open(dataDir, { maxBytes: 10 * 1024 * 1024, keep: 2 });
    const delivery = new OutboxDeliveryService(journal, new CrmHttpSink(backend.url, backend.env.PBX_SERVICE_TOKEN), deadLetters, null, {
      batchSize: CONFIG.batch,
      minBackoffMs: 200,
      maxBackoffMs: 30_000,
      maxAttempts: 12,
      giveUpAfterMs: 15 * 60_000,
    });
    delivery.start();

    // Event k happens at start + k/rate; the producer appends what has happened every 10 ms (as evapi delivers).
    const missedAt = new Map<string, number>();
    const warmCalls = Math.ceil((CONFIG.rate * CONFIG.warmup) / 2);
    const start = performance.now();
    let seq = 0;
    for (let k = 0; k < deals.length; ) {
      const due = Math.floor(((performance.now() - start) * CONFIG.rate) / 2000) + 1;
      const events: CallEvent[] = [];
      for (; k < Math.min(due, deals.length); k++) {
        const d = deals[k];
        const callId = `bench-${d.id}@calls-path`;
        const at = new Date().toISOString();
        const origin = () => ({ pbx: 'bench', boot: 'b1', seq: ++seq });
        events.push({ type: 'offered', callId, origin: origin(), at, direction: 'outbound', from: d.ext, fromName: null, to: `+3620${String(k).padStart(7, '0')}`, extension: d.ext, dealId: d.id });
        events.push({ type: 'missed', callId, origin: origin(), at, reason: 'no_answer' });
        if (k >= warmCalls) missedAt.set(d.id, start + (k * 2000) / CONFIG.rate);
      }
      if (events.length) {
        await journal.append(events);
        delivery.notify();
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const sendSeconds = (performance.now() - start) / 1000;
    const until = Date.now() + 180_000;
    const moved = () => socket.events('deal.moved').filter((e) => missedAt.has(e.payload.deal.id) && e.payload.deal.stageId === stage('No answer'));
    while (moved().length < missedAt.size && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    await delivery.stop();
    await journal.close();

    const seen = new Set<string>();
    const latencies: number[] = [];
    for (const e of moved()) {
      if (seen.has(e.payload.deal.id)) continue;
      seen.add(e.payload.deal.id);
      latencies.push(e.at - missedAt.get(e.payload.deal.id)!);
    }
    const s = summarize(latencies);
    if (process.env.BENCH_SERIES === '1') {
      const samples = moved().map((e) => ({ start: missedAt.get(e.payload.deal.id)!, ms: e.at - missedAt.get(e.payload.deal.id)! }));
      for (const line of perSecond(samples, start)) log(`${label}: ${line}`);
    }
    const refused = (backend.output().match(/call-events.* 5\d\d|deadlock detected|40P01/g) ?? []).length;
    const [{ dup }] = await query(db, `SELECT count(*)::int - count(DISTINCT (rule_id, cause_key))::int AS dup FROM automation_runs`);
    rows.push({
      measure: `${label}: missed event → rule moved the deal (socket)`,
      n: `${latencies.length}/${missedAt.size}`,
      ...s,
      extra: `${((deals.length * 2) / sendSeconds).toFixed(0)} events/s appended; load ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}; ${refused} deadlock/5xx log lines; ${dup} duplicate runs`,
      target: `p99 ≤ ${TARGET_P99_MS} ms`,
      ok: latencies.length === missedAt.size && s.p99 <= TARGET_P99_MS,
    });
    log(`${label}: p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, ${latencies.length}/${missedAt.size} moved`);
    socket.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await backend.destroy();
  }
}

it('moves the deal of every missed call event at 500 events/s through the bridge\'s delivery, before and after', async () => {
  // BENCH_AFTER_FIRST=1 swaps the order (to see whether the second run pays for the first's load)
  const runs: [string, string][] = [
    ...(CONFIG.before !== 'none' ? [[`before (${CONFIG.before})`, CONFIG.before] as [string, string]] : []),
    ['after (this checkout)', ROOT],
  ];
  if (process.env.BENCH_AFTER_FIRST === '1') runs.reverse();
  for (const [label, root] of runs) await measure(label, root);
  // only the current build is held to the target
  expect(rows.filter((r) => r.measure.startsWith('after') && r.ok === false).map((r) => r.measure)).toEqual([]);
}, 1_800_000);
