// Issue 17's export figures: deals exported as CSV and XLSX from a database of BENCH_EXPORT_DEALS
// deals (100,000 by default, generated in SQL), as the Head (every deal) and as a Seller (hers
// and the inbox). Per file: time to the first byte, total time, rows/s, and the backend's peak
// resident memory during the export (VmHWM, reset before each one) against its idle memory.
// Run: BENCH_NO_BUILD=1 npx jest test/bench/export.bench.ts --selectProjects bench --ci --runInBand
// (or `npm run bench -- test/bench/export.bench.ts`).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { envInt } from './support/env';
import { hireSellers, query, seedDeals, type SeedResult } from './support/seed';

const CONFIG = {
  deals: envInt('BENCH_EXPORT_DEALS', 100_000),
  sellers: envInt('BENCH_SELLERS', 20),
};
/** The issue's targets, stated for 50,000 deals: first byte ≤ 500 ms, total ≤ 10 s. */
const TARGET = { firstByteMs: 500, totalMsPer50k: 10_000 };

interface Figure {
  who: string;
  format: 'csv' | 'xlsx';
  rows: number;
  bytes: number;
  firstByteMs: number;
  /** CSV: until the first data line has arrived (the header comes before the query's first rows). */
  firstRowMs: number | null;
  totalMs: number;
  rowsPerSec: number;
  idleRssMb: number;
  peakRssMb: number;
}

let backend: StartedBackend;
let tokens: { head: string; alice: string };
let seeded: SeedResult;
const figures: Figure[] = [];
const startedAt = new Date();

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

beforeAll(async () => {
  backend = await startBackend({ seed: 'users', env: { LOG_LEVEL: 'warn' } });
  const anon = new Api(backend.url);
  const h = await anon.login('head@example.com');
  const a = await anon.login('alice@example.com');
  const b = await anon.login('bob@example.com');
  tokens = { head: h.token, alice: a.token };
  const hired = await hireSellers(h.api, CONFIG.sellers, 'callboard-seller');
  const [pipeline] = (await h.api.get('/api/pipelines')).body;
  seeded = await seedDeals(backend.databaseUrl, {
    deals: CONFIG.deals,
    pipelineId: pipeline.id,
    stageIds: pipeline.stages.map((s: { id: string }) => s.id),
    sellerIds: [a.user.id, b.user.id, ...hired.map((s) => s.id)],
  });
  // tags and a next task on some deals, so the export's per-row lookups have work to do
  await query(backend.databaseUrl, `UPDATE deals SET tags = ARRAY['vip', 'q4'] WHERE id IN (SELECT id FROM deals WHERE random() < 0.1)`);
  await query(
    backend.databaseUrl,
    `INSERT INTO tasks (title, type, due_at, assignee_id, deal_id) SELECT 'Call back', 'call_back', now() + interval '1 day', owner_id, id
     FROM deals WHERE deleted_at IS NULL AND status = 'open' AND random() < 0.3`,
  );
  await query(backend.databaseUrl, 'VACUUM (ANALYZE) deals, tasks');
  process.stdout.write(`seeded ${seeded.deals} deals (${seeded.liveDeals} live) in ${(seeded.ms / 1000).toFixed(1)} s\n`);
}, 900_000);

afterAll(async () => {
  const lines = [
    '',
    `Export benchmark, ${startedAt.toISOString()}: ${seeded?.deals} deals (${seeded?.liveDeals} live), ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    '| export | rows | size | first byte | first row | total | rows/s | backend RSS idle → peak |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...figures.map(
      (f) =>
        `| ${f.who} deals.${f.format} | ${f.rows.toLocaleString('en')} | ${(f.bytes / 1048576).toFixed(1)} MB | ${f.firstByteMs.toFixed(0)} ms | ${f.firstRowMs === null ? '–' : `${f.firstRowMs.toFixed(0)} ms`} | ${(f.totalMs / 1000).toFixed(2)} s | ${Math.round(f.rowsPerSec).toLocaleString('en')} | ${f.idleRssMb.toFixed(0)} → ${f.peakRssMb.toFixed(0)} MB (+${(f.peakRssMb - f.idleRssMb).toFixed(0)}) |`,
    ),
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `export-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ config: CONFIG, seeded, figures }, null, 2));
  await backend?.destroy();
});

/** Downloads one export, reading it as it comes, and measures it. */
async function measure(who: 'head' | 'alice', format: 'csv' | 'xlsx', rows: number): Promise<Figure> {
  const pid = backend.pid()!;
  global.gc?.();
  const idleRssMb = status(pid, 'VmRSS');
  // reset the peak (VmHWM) to the current resident size, so the reading is this export's
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const started = performance.now();
  const res = await fetch(`${backend.url}/api/exports/deals.${format}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let firstByteMs = -1;
  let bytes = 0;
  let lines = 0;
  let firstRowMs: number | null = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (firstByteMs < 0) firstByteMs = performance.now() - started;
    bytes += value.length;
    if (format === 'csv') {
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
      if (firstRowMs === null && lines >= 2) firstRowMs = performance.now() - started;
    }
  }
  const totalMs = performance.now() - started;
  const peakRssMb = status(pid, 'VmHWM');
  // the CSV's records are its lines less the header (no field of this data holds a line break)
  if (format === 'csv') expect(lines - 1).toBe(rows);
  const f = { who, format, rows, bytes, firstByteMs, firstRowMs, totalMs, rowsPerSec: rows / (totalMs / 1000), idleRssMb, peakRssMb };
  figures.push(f);
  process.stdout.write(`${who} deals.${format}: ${JSON.stringify(f)}\n`);
  return f;
}

describe('export benchmark', () => {
  it('should stream every deal to the Head as CSV and XLSX, the first byte within 500 ms', async () => {
    const [{ n }] = await query(backend.databaseUrl, `SELECT count(*)::int AS n FROM deals WHERE deleted_at IS NULL`);
    const csv = await measure('head', 'csv', n);
    const xlsx = await measure('head', 'xlsx', n);
    for (const f of [csv, xlsx]) {
      expect(f.firstByteMs).toBeLessThanOrEqual(TARGET.firstByteMs);
      // the total depends on what else the machine runs (load average printed with the table): reported, not asserted
      const allowed = (TARGET.totalMsPer50k * f.rows) / 50_000;
      process.stdout.write(`${f.format}: ${(f.totalMs / 1000).toFixed(1)} s for ${f.rows} rows, the target's pace allows ${(allowed / 1000).toFixed(1)} s: ${f.totalMs <= allowed ? 'met' : 'NOT met'}\n`);
    }
  }, 300_000);

  it("should stream a Seller's deals (hers and the inbox) the same way", async () => {
    const aliceId = (await query(backend.databaseUrl, `SELECT id FROM users WHERE email = 'alice@example.com'`))[0].id;
    const [{ n }] = await query(
      backend.databaseUrl,
      `SELECT count(*)::int AS n FROM deals d JOIN stages s ON s.id = d.stage_id
       WHERE d.deleted_at IS NULL AND (d.owner_id = $1 OR (d.owner_id IS NULL AND s."group" = 'inbox'))`,
      [aliceId],
    );
    await measure('alice', 'csv', n);
    await measure('alice', 'xlsx', n);
  }, 300_000);
});
