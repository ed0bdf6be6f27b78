// Issue 12's figures on the system as `npm start` runs it: scripts/start.mjs with embedded
// PostgreSQL, the production build, https with its local CA, demo data, rtpengine, Kamailio and
// the bridge, in a state folder and on ports of its own. A sipp trunk calls the sales number from
// distinct numbers (nobody is registered, so each call is offered and missed: the card is made on
// offer); the Head watches on a socket.io connection.
//
// Cold = the first calls after a start (sipp starts as soon as the banner is printed and the Head
// is signed in); warm = the same number of calls right after. One start per rate: the first start
// initialises the database and seeds it, the later ones reuse the state folder (a restart).
//
// Clock as in call-to-card.bench.ts: sipp's own -trace_msg stamp of the INVITE's first
// transmission → the socket client's performance.timeOrigin + now() at deal.created.
//
// Knobs: BENCH_NPM_RATES ("20,50" calls/s), BENCH_NPM_SECONDS (20: calls per phase = rate × this),
// BENCH_NPM_COLD_DELAY (0 s between the banner and the first call), BENCH_NPM_ENV (extra environment for npm start, e.g. "WARM_UP=off,ROUTING_RELAY=off" for the
// "before": no boot warm-up, routing asked synchronously from Kamailio's SIP workers).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Api } from '../support/api';
import { ROOT } from '../support/backend';
import { RecordingSocket } from '../support/socket';
import { PORT_RANGES, portBlock } from '../support/sip/ports';
import { callerRow, runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { envInt } from './support/env';
import { inviteSendTimes } from './support/sipp-trace';
import { percentile, perSecond, table, type Row } from './support/stats';

const CONFIG = {
  rates: (process.env.BENCH_NPM_RATES ?? '20,50').split(',').map((r) => Number(r.trim())).filter((r) => r > 0),
  seconds: envInt('BENCH_NPM_SECONDS', 20),
  /** Seconds between the banner and the first call (0: at once; what runs just after a start shows up in "cold"). */
  coldDelaySec: envInt('BENCH_NPM_COLD_DELAY', 0, 0),
  extraEnv: Object.fromEntries(
    (process.env.BENCH_NPM_ENV ?? '')
      .split(',')
      .map((kv) => kv.trim())
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  ) as Record<string, string>,
};
const TARGET = { p99Ms: 150 };
// the bench block's second half (call-to-card.bench.ts uses offsets 0–190; register.bench.ts runs on its own)
const port = portBlock(200, PORT_RANGES.bench);
const PORTS = {
  http: port(0), pg: port(1), sip: port(2), ws: port(3), evapi: port(4), rpc: port(5), ng: port(6), trunkOut: port(7),
  sipTls: port(8), wss: port(9), rtpMin: port(100), rtpMax: port(199),
};
const SALES_NUMBER = '+3612345678';
const stateDir = mkdtempSync(join(tmpdir(), 'cb-bench-npm-start-'));
chmodSync(stateDir, 0o755); // embedded PostgreSQL runs as `postgres` below it when we are root
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const loadBefore = loadavg();
let sippPort = 20;
let phase = 0;

interface Run {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** `npm start` in the bench's state folder; resolves once the banner is printed. */
async function npmStart(): Promise<{ run: Run; banner: string; startMs: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DATABASE_URL|TEST_DATABASE_URL|SEED|SEED_PASSWORD|NODE_ENV|TLS|TLS_.*|PUBLIC_URL|SIP_.*|PORT|HOST|KAMAILIO_.*|RTPENGINE_.*|EVAPI_PORT|CALLBOARD_ADDRESS|JEST_WORKER_ID|BENCH)$/.test(key)) delete env[key];
  }
  Object.assign(env, {
    CALLBOARD_STATE_DIR: stateDir,
    CALLBOARD_INSTALL_PACKAGES: 'never',
    PORT: String(PORTS.http),
    EMBEDDED_PG_PORT: String(PORTS.pg),
    SIP_PORT: String(PORTS.sip),
    SIP_WS_PORT: String(PORTS.ws),
    SIP_TLS_PORT: String(PORTS.sipTls),
    SIP_WSS_PORT: String(PORTS.wss),
    EVAPI_PORT: String(PORTS.evapi),
    KAMAILIO_RPC_PORT: String(PORTS.rpc),
    RTPENGINE_NG_PORT: String(PORTS.ng),
    RTPENGINE_PORT_MIN: String(PORTS.rtpMin),
    RTPENGINE_PORT_MAX: String(PORTS.rtpMax),
    SIP_TRUNK_OUTBOUND: `127.0.0.1:${PORTS.trunkOut}`,
    ...CONFIG.extraEnv,
  });
  const started = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // npm start's output (the backend's log: a few lines per call), kept as chunks; the banner is
  // looked for only until it has come
  const chunks: string[] = [];
  let bannerSeen = false;
  const out = () => chunks.join('');
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const banner = await new Promise<string>((resolve, reject) => {
    let tail = '';
    const onData = (d: Buffer) => {
      const text = d.toString();
      chunks.push(text);
      if (bannerSeen) return;
      tail = (tail + text).slice(-4000);
      if (tail.includes('Stop with Ctrl+C')) {
        bannerSeen = true;
        resolve(out());
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`npm start exited with ${code} before its banner:\n${out().slice(-4000)}`)));
  });
  const run: Run = {
    child,
    output: out,
    async stop() {
      // BENCH_NPM_LOG=<file>: npm start's whole output (the backend's log) kept for a look afterwards
      if (process.env.BENCH_NPM_LOG) {
        writeFileSync(process.env.BENCH_NPM_LOG, out());
        const bridgeLog = join(stateDir, '.run', 'kamailio', 'pbx-bridge.log');
        if (existsSync(bridgeLog)) copyFileSync(bridgeLog, `${process.env.BENCH_NPM_LOG}.bridge`);
      }
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return { run, banner, startMs: Date.now() - started };
}

/** SQL on npm start's embedded PostgreSQL (its password is in the state folder's secrets). */
async function sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  const { PG_PASSWORD } = JSON.parse(readFileSync(join(stateDir, '.data', 'secrets.json'), 'utf8')) as { PG_PASSWORD: string };
  const c = new Client({ connectionString: `postgres://callboard:${encodeURIComponent(PG_PASSWORD)}@127.0.0.1:${PORTS.pg}/callboard` });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** A password the banner printed for a demo login (generated per install). */
function passwordOf(banner: string, email: string): string {
  const generated = new RegExp(`${email.replace(/\./g, '\\.')}\\s+\\S+\\s+password: (\\S+)`).exec(banner);
  if (generated) return generated[1];
  throw new Error(`the banner prints no password for ${email}`);
}

/** `calls` calls at `rate`/s from distinct numbers; INVITE → deal.created at the Head's socket per call. */
async function placeCalls(head: RecordingSocket, label: string, calls: number, rate: number) {
  phase += 1;
  const numbers = Array.from({ length: calls }, (_, i) => `+4930${phase}${String(i).padStart(6, '0')}`);
  const titles = new Set(numbers.map((n) => `Call from ${n}`));
  const dir = mkdtempSync(join(tmpdir(), 'cb-bench-sipp-'));
  const trace = join(dir, 'messages.log');
  const seenBefore = head.received.length;
  const p = sippPort;
  sippPort = sippPort >= 90 ? 20 : sippPort + 2;
  const sipp = runSipp({
    scenario: 'uac-expect-480.xml',
    target: `127.0.0.1:${PORTS.sip}`,
    service: SALES_NUMBER,
    port: port(p),
    controlPort: port(p + 1),
    inject: numbers.map((n, i) => callerRow(`Bench ${i}`, n)),
    calls,
    rate,
    timeoutSec: Math.ceil(calls / rate) + 60,
    extra: ['-trace_msg', '-message_file', trace, '-l', String(rate * 4)],
  });
  const done = await sipp.done;
  if (done.code !== 0) throw new Error(`${label}: sipp failed (${done.code}):\n${done.output}`);
  const cards = () => head.received.slice(seenBefore).filter((r) => r.event === 'deal.created' && titles.has(r.payload.title));
  await waitFor(() => cards().length >= calls, `${label}: ${calls} deal.created at the Head's socket`, 60_000, 100).catch(() => undefined);
  const sent = inviteSendTimes(trace);
  rmSync(dir, { recursive: true, force: true });
  const latencies: number[] = [];
  const seen = new Map<string, number>();
  for (const r of cards()) {
    const number = r.payload.title.slice('Call from '.length);
    seen.set(number, (seen.get(number) ?? 0) + 1);
    const t0 = sent.get(number);
    if (t0 !== undefined && seen.get(number) === 1) latencies.push(performance.timeOrigin + r.at - t0);
  }
  if (process.env.BENCH_SERIES === '1' && sent.size) {
    // card latency by the second its INVITE left sipp (where in a phase the slow calls are)
    const samples = cards().flatMap((r) => {
      const t0 = sent.get(r.payload.title.slice('Call from '.length));
      return t0 === undefined ? [] : [{ start: t0, ms: performance.timeOrigin + r.at - t0 }];
    });
    for (const line of perSecond(samples, Math.min(...sent.values()))) console.log(`${label}: ${line}`);
  }
  // where the time goes: Kamailio's offered `at`, the backend's transaction start (deals.created_at)
  const stamps = await sql<{ number: string; offered: Date; tx: Date }>(
    `SELECT c.from_number AS number, c.offered_at AS offered, d.created_at AS tx FROM calls c JOIN deals d ON d.id = c.deal_id WHERE c.from_number = ANY($1)`,
    [numbers],
  ).catch(() => []);
  const byNumber = new Map(stamps.map((st) => [st.number, st]));
  const legs = { toKamailio: [] as number[], toBackend: [] as number[], toSocket: [] as number[] };
  for (const r of cards()) {
    const number = r.payload.title.slice('Call from '.length);
    const st = byNumber.get(number);
    const t0 = sent.get(number);
    if (!st || t0 === undefined) continue;
    legs.toKamailio.push(st.offered.getTime() - t0);
    legs.toBackend.push(st.tx.getTime() - st.offered.getTime());
    legs.toSocket.push(performance.timeOrigin + r.at - st.tx.getTime());
  }
  return { calls, rate, latencies, legs, lost: calls - seen.size, duplicates: [...seen.values()].filter((n) => n > 1).length, traced: sent.size };
}

function legRows(r: Awaited<ReturnType<typeof placeCalls>>): Row[] {
  const leg = (measure: string, v: number[]): Row => ({
    measure,
    n: v.length,
    p50: percentile(v, 50),
    p99: percentile(v, 99),
    max: Math.max(...v),
    extra: `first 20: p50 ${percentile(v.slice(0, 20), 50).toFixed(1)}, max ${Math.max(...v.slice(0, 20)).toFixed(1)}`,
  });
  return [
    leg('  leg: sipp INVITE → Kamailio offered `at`', r.legs.toKamailio),
    leg('  leg: offered `at` → backend transaction start (evapi, bridge, HTTP, queue)', r.legs.toBackend),
    leg('  leg: transaction start → Head socket', r.legs.toSocket),
  ];
}

function row(measure: string, r: Awaited<ReturnType<typeof placeCalls>>): Row {
  const p99 = percentile(r.latencies, 99);
  return {
    measure,
    n: r.latencies.length,
    p50: percentile(r.latencies, 50),
    p99,
    max: Math.max(...r.latencies),
    extra: `p95 ${percentile(r.latencies, 95).toFixed(1)} ms; first 20: p50 ${percentile(r.latencies.slice(0, 20), 50).toFixed(1)}; lost ${r.lost}, dup ${r.duplicates}`,
    target: `p99 ≤ ${TARGET.p99Ms} ms`,
    ok: p99 <= TARGET.p99Ms,
  };
}

afterAll(async () => {
  rmSync(stateDir, { recursive: true, force: true });
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `call-to-card-npm-start-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ config: CONFIG, cpus: cpus().length, loadBefore, loadAfter: loadavg(), results, rows }, null, 2));
  console.log(`\nCall to card on npm start (issue 12)${Object.keys(CONFIG.extraEnv).length ? `, ${JSON.stringify(CONFIG.extraEnv)}` : ''}, load ${loadBefore.map((l) => l.toFixed(2)).join(' ')} → ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n${table(rows)}\n${file}`);
});

describe('call to card on the system as npm start runs it (issue 12)', () => {
  for (const rate of CONFIG.rates) {
    it(`should put every call's card on the Head's socket, cold and warm, at ${rate} calls/s`, async () => {
      const calls = rate * CONFIG.seconds;
      const { run, banner, startMs } = await npmStart();
      try {
        const { token } = await new Api(`http://127.0.0.1:${PORTS.http}`).login('head@example.com', passwordOf(banner, 'head@example.com'));
        const head = await RecordingSocket.connect(`http://127.0.0.1:${PORTS.http}`, token);
        if (CONFIG.coldDelaySec > 0) await new Promise((r) => setTimeout(r, CONFIG.coldDelaySec * 1000));
        // BENCH_NPM_PREWARM=<calls>: that many calls at 10/s before the cold phase (then 3 s quiet), to
        // tell a first-use cost of the whole path from a cost of the burst itself (a diagnosis knob)
        const prewarm = Number(process.env.BENCH_NPM_PREWARM ?? 0);
        if (prewarm > 0) {
          await placeCalls(head, 'pre-warm', prewarm, 10);
          await new Promise((r) => setTimeout(r, 3000));
        }
        try {
          const cold = await placeCalls(head, `cold ${rate}/s`, calls, rate);
          const warm = await placeCalls(head, `warm ${rate}/s`, calls, rate);
          results[`${rate}cps`] = {
            startMs,
            cold: { ...cold, latencies: undefined, legs: undefined, p50: percentile(cold.latencies, 50), p99: percentile(cold.latencies, 99) },
            warm: { ...warm, latencies: undefined, legs: undefined, p50: percentile(warm.latencies, 50), p99: percentile(warm.latencies, 99) },
          };
          rows.push(row(`cold: first ${calls} calls after npm start (${(startMs / 1000).toFixed(1)} s to the banner) at ${rate}/s`, cold), ...legRows(cold));
          rows.push(row(`warm: the next ${calls} calls at ${rate}/s`, warm), ...legRows(warm));
          for (const r of [cold, warm]) {
            expect(r.traced).toBe(calls);
            expect({ lost: r.lost, duplicates: r.duplicates }).toEqual({ lost: 0, duplicates: 0 });
          }
        } finally {
          head.close();
        }
      } finally {
        await run.stop();
      }
    }, 600_000);
  }
});
