// Issue 3's figures: call-to-card latency, from sipp's INVITE leaving the trunk to the deal.created
// event at a Head's socket, through real Kamailio, the real bridge and the real backend; then a
// burst with zero lost or duplicate deals (counted by SQL). Run with `npm run bench`
// (-- -t call-to-card for this file alone).
//
// Clock: the INVITE's send time is sipp's own trace (-trace_msg, wall clock in µs, stamped when
// the message is written to the socket, first transmission only); the receipt time is the socket
// client's performance.timeOrigin + performance.now() at the event. Both read the same machine's
// CLOCK_REALTIME, so the difference is the whole path: UDP to Kamailio, the offered event over
// evapi, the bridge's fsync'd journal and HTTP delivery, the backend's transaction, socket.io.
// (Kamailio's `at` on the offered event would leave out the trunk → Kamailio hop and is in ms.)
//
// Issue 11's TLS figure: BENCH_TRANSPORTS=ws,wss runs the same path once per transport in one run
// instead of issue 3's two tests. Kamailio listens for WSS too and the backend serves https, both
// with one certificate from scripts/lib/certs.mjs. Alice's sip.js agent registers over WS, Bob's
// over WSS (both decline, so the call still ends 480 and is missed); the Head watches twice, over
// http (ws) and over https (wss). Calls go in batches that alternate between the transports, the
// first transport of each round alternating too, so load drift hits both alike: a batch counts the
// card at its own socket and the ring at its own agent.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from '../support/api';
import { startBackend, type StartedBackend, queryDatabase } from '../support/backend';
import { RecordingSocket } from '../support/socket';
import { PORT_RANGES, portBlock } from '../support/sip/ports';
import { callerRow, runSipp } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';
import { setWebSocketOptions, type AgentCall, type SipAgent } from '../support/sip/sip-agent';
import { makeCertificates } from '../support/tls-certificates';
import { percentile, perSecond, table, type Row } from './support/stats';
import { envInt } from './support/env';
import { inviteSendTimes } from './support/sipp-trace';

const CONFIG = {
  warmup: envInt('BENCH_CALL_WARMUP', 20),
  latencyCalls: envInt('BENCH_CALLS', 200),
  latencyRate: envInt('BENCH_CALL_RATE', 20),
  burstCalls: envInt('BENCH_BURST_CALLS', 1000),
  burstRate: envInt('BENCH_BURST_RATE', 50),
  /** Issue 11: `ws,wss` compares the transports; empty = issue 3's run. */
  transports: (process.env.BENCH_TRANSPORTS ?? '').split(',').map((t) => t.trim()).filter(Boolean),
  /** Calls per batch when comparing transports; batches alternate between them. */
  batch: envInt('BENCH_TRANSPORT_BATCH', 20),
  /** Issue 12: `off` runs the bridge without its routing relay, so Kamailio asks synchronously (the "before"). */
  routingRelay: process.env.BENCH_ROUTING_RELAY === 'off' ? ('off' as const) : ('on' as const),
};
for (const t of CONFIG.transports) if (t !== 'ws' && t !== 'wss') throw new Error(`BENCH_TRANSPORTS: unknown transport ${t} (ws, wss)`);
const COMPARE = CONFIG.transports.length > 0;
type Transport = 'ws' | 'wss';
const TARGET = { p99Ms: 100 };

let backend: StartedBackend;
let stack: TelephonyStack;
let head: RecordingSocket;
/** Per transport (BENCH_TRANSPORTS): the Head's socket over http / https, and the agent registered over WS / WSS. */
const observers = new Map<Transport, RecordingSocket>();
const phones = new Map<Transport, SipAgent>();
const certDir = mkdtempSync(join(tmpdir(), 'cb-bench-certs-'));
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const loadBefore = loadavg();
let phase = 0;

const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(backend.databaseUrl, text, params);

/**
 * Places `calls` calls at `rate`/s from distinct numbers; returns per-call latency (at `observer`,
 * the Head's socket by default; to the ring at `phone` when given) and the counts.
 */
async function placeCalls(label: string, calls: number, rate: number, observer: RecordingSocket = head, phone?: SipAgent) {
  phase += 1;
  // Berlin numbers (+49 30 …) may be 5–11 digits long: a counter makes distinct, valid numbers
  const numbers = Array.from({ length: calls }, (_, i) => `+4930${phase}${String(i).padStart(6, '0')}`);
  const titles = new Set(numbers.map((n) => `Call from ${n}`));
  const dir = mkdtempSync(join(tmpdir(), 'cb-bench-sipp-'));
  const trace = join(dir, 'messages.log');
  const seenBefore = observer.received.length;
  const ringsBefore = phone?.calls.length ?? 0;
  // comparing transports: every call also counts at every transport's socket and phone (paired)
  const socketMarks = new Map([...observers].map(([t, o]) => [t, o.received.length]));
  const phoneMarks = new Map([...phones].map(([t, a]) => [t, a.calls.length]));
  const started = Date.now();
  const sipp = runSipp({
    // registered phones ring (180s), then decline: still 480
    scenario: phone ? 'uac-ring-then-480.xml' : 'uac-expect-480.xml',
    target: stack.sipTarget,
    service: SALES_NUMBER,
    ...stack.sippPorts(),
    inject: numbers.map((n, i) => callerRow(`Bench ${i}`, n)),
    calls,
    rate,
    timeoutSec: Math.ceil(calls / rate) + 60,
    extra: ['-trace_msg', '-message_file', trace, '-l', String(rate * 4)],
  });
  const done = await sipp.done;
  if (done.code !== 0) throw new Error(`sipp failed (${done.code}):\n${done.output}`);
  const sippMs = Date.now() - started;

  const cards = () => observer.received.slice(seenBefore).filter((r) => r.event === 'deal.created' && titles.has(r.payload.title));
  await waitFor(() => cards().length >= calls, `${label}: ${calls} deal.created at the Head's socket`, 60_000, 100).catch(() => undefined);
  // every call finished (missed: nobody registered) and nothing more is on its way
  await waitFor(
    async () => (await sql(`SELECT count(*)::int AS n FROM calls WHERE from_number = ANY($1) AND end_applied`, [numbers]))[0].n === calls,
    `${label}: ${calls} call records closed`,
    60_000,
    250,
  ).catch(() => undefined);

  const sent = inviteSendTimes(trace);
  rmSync(dir, { recursive: true, force: true });
  const ringLatencies = (agentCalls: AgentCall[]) =>
    agentCalls.flatMap((c) => {
      const t0 = c.fromUser === undefined ? undefined : sent.get(c.fromUser);
      return t0 !== undefined && c.invitedAt !== undefined ? [performance.timeOrigin + c.invitedAt - t0] : [];
    });
  const cardLatencies = (events: typeof head.received) =>
    events.flatMap((r) => {
      if (r.event !== 'deal.created' || !titles.has(r.payload.title)) return [];
      const t0 = sent.get(r.payload.title.slice('Call from '.length));
      return t0 === undefined ? [] : [performance.timeOrigin + r.at - t0];
    });
  const rings = ringLatencies(phone?.calls.slice(ringsBefore) ?? []);
  const paired = new Map<Transport, { cards: number[]; rings: number[] }>();
  for (const [t, o] of observers) {
    const events = () => o.received.slice(socketMarks.get(t));
    await waitFor(() => cardLatencies(events()).length >= calls, `${label}: ${calls} deal.created at the ${t} socket`, 10_000, 100).catch(() => undefined);
    paired.set(t, { cards: cardLatencies(events()), rings: ringLatencies(phones.get(t)?.calls.slice(phoneMarks.get(t)) ?? []) });
  }
  const latencies: number[] = [];
  const seen = new Map<string, number>();
  for (const r of cards()) {
    const number = r.payload.title.slice('Call from '.length);
    seen.set(number, (seen.get(number) ?? 0) + 1);
    const t0 = sent.get(number);
    if (t0 !== undefined && seen.get(number) === 1) latencies.push(performance.timeOrigin + r.at - t0);
  }
  // where the time goes: Kamailio's offered `at`, the backend's transaction start (deals.created_at)
  const stamps = await sql<{ number: string; offered: Date; tx: Date }>(
    `SELECT c.from_number AS number, c.offered_at AS offered, d.created_at AS tx
       FROM calls c JOIN deals d ON d.id = c.deal_id WHERE c.from_number = ANY($1)`,
    [numbers],
  );
  const byNumber = new Map(stamps.map((s) => [s.number, s]));
  const toKamailio: number[] = [];
  const toBackend: number[] = [];
  const toSocket: number[] = [];
  for (const r of cards()) {
    const number = r.payload.title.slice('Call from '.length);
    const st = byNumber.get(number);
    const t0 = sent.get(number);
    if (!st || t0 === undefined) continue;
    toKamailio.push(st.offered.getTime() - t0);
    toBackend.push(st.tx.getTime() - st.offered.getTime());
    toSocket.push(performance.timeOrigin + r.at - st.tx.getTime());
  }
  if (process.env.BENCH_SERIES === '1' && sent.size) {
    // card latency by the second its INVITE left sipp
    const samples = cards().flatMap((r) => {
      const t0 = sent.get(r.payload.title.slice('Call from '.length));
      return t0 === undefined ? [] : [{ start: t0, ms: performance.timeOrigin + r.at - t0 }];
    });
    for (const line of perSecond(samples, Math.min(...sent.values()))) console.log(`${label}: ${line}`);
  }
  const [dealCount] = await sql(`SELECT count(*)::int AS n, count(DISTINCT title)::int AS titles FROM deals WHERE title = ANY($1)`, [[...titles]]);
  const [callCount] = await sql(
    `SELECT count(*)::int AS n, count(DISTINCT sip_call_id)::int AS ids, count(deal_id)::int AS with_deal,
            count(DISTINCT deal_id)::int AS deals FROM calls WHERE from_number = ANY($1)`,
    [numbers],
  );
  const [tasks] = await sql(
    `SELECT count(*)::int AS n FROM tasks t JOIN calls c ON c.id = t.call_id WHERE c.from_number = ANY($1)`,
    [numbers],
  );
  return {
    calls,
    rate,
    sippMs,
    invitesTraced: sent.size,
    latencies,
    rings,
    paired,
    breakdown: { toKamailio, toBackend, toSocket },
    socketEvents: cards().length,
    socketDuplicates: [...seen.values()].filter((n) => n > 1).length,
    deals: dealCount.n,
    lostDeals: calls - dealCount.titles,
    duplicateDeals: dealCount.n - dealCount.titles,
    callRecords: callCount.n,
    lostCalls: calls - callCount.ids,
    duplicateCalls: callCount.n - callCount.ids,
    callsWithoutDeal: callCount.n - callCount.with_deal,
    callBackTasks: tasks.n,
  };
}

function latencyRow(measure: string, samples: number[]): Row {
  const p99 = percentile(samples, 99);
  return {
    measure,
    n: samples.length,
    p50: percentile(samples, 50),
    p99,
    max: Math.max(...samples),
    extra: `p95 ${percentile(samples, 95).toFixed(1)} ms`,
    target: `p99 < ${TARGET.p99Ms} ms`,
    ok: p99 < TARGET.p99Ms,
  };
}

/** The path in three legs (ms clocks of Kamailio and PostgreSQL: ±1 ms), for diagnosis, not targets. */
function breakdownRows(b: { toKamailio: number[]; toBackend: number[]; toSocket: number[] }): Row[] {
  const row = (measure: string, v: number[]): Row => ({ measure, n: v.length, p50: percentile(v, 50), p99: percentile(v, 99), max: Math.max(...v), extra: `p95 ${percentile(v, 95).toFixed(1)} ms` });
  return [
    row('  leg: sipp INVITE → Kamailio offered `at`', b.toKamailio),
    row('  leg: offered `at` → backend transaction start (evapi, bridge journal, HTTP)', b.toBackend),
    row('  leg: transaction start → Head socket (commit, socket.io)', b.toSocket),
  ];
}

beforeAll(async () => {
  const ports = portBlock(0, PORT_RANGES.bench);
  // one certificate for the backend's https and Kamailio's WSS, as npm start makes it
  const certs = COMPARE ? makeCertificates(certDir, ['localhost'], ['127.0.0.1']) : null;
  const tlsEnv: Record<string, string> = certs ? { TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile } : {};
  // the production pool (the test helper's is 5 with 2 kept warm): the figures are for the system as shipped
  backend = await startBackend({ seed: 'users', env: { SIP_DOMAIN, SIP_WS_URL: `ws://127.0.0.1:${ports(1)}`, LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '10', DATABASE_POOL_MIN: process.env.BENCH_POOL_MIN ?? '10', ...tlsEnv } });
  stack = new TelephonyStack({
    firstPort: PORT_RANGES.bench,
    backendUrl: backend.url,
    token: backend.env.PBX_SERVICE_TOKEN,
    secret: backend.env.SIP_SHARED_SECRET,
    bridgeEnv: { ROUTING_RELAY: CONFIG.routingRelay },
  });
  const login = await new Api(backend.url).login('head@example.com');
  // Kamailio's shipped default of 4 SIP workers (the test helper uses 2): the routing query blocks one while it runs
  await stack.start({ children: 4, ...(certs ? { tls: { certFile: certs.certFile, keyFile: certs.keyFile } } : {}) });
  head = await RecordingSocket.connect(backend.url, login.token);
  if (certs) {
    const ca = readFileSync(certs.caFile, 'utf8');
    setWebSocketOptions(stack.wssUrl, { ca });
    observers.set('ws', head);
    observers.set('wss', await RecordingSocket.connect(`https://localhost:${backend.port}`, login.token, { ca }));
    const anon = new Api(backend.url);
    for (const [transport, who, wsUrl] of [['ws', 'alice', stack.wsUrl], ['wss', 'bob', stack.wssUrl]] as const) {
      const creds = (await (await anon.login(`${who}@example.com`)).api.get('/api/telephony/credentials')).body;
      phones.set(transport, await stack.agentWithCredentials({ ...creds, wsUrl }, 'decline'));
      // Kamailio holds the registration on the socket of its transport: WS on tcp:, WSS on tls:
      const extension = /^sip:([^@]+)@/.exec(creds.sipUri)![1];
      const lookup: any = await stack.kamailio.rpc('ul.lookup', ['location', extension]);
      const sockets = lookup.Contacts.map((c: any) => c.Contact.Socket as string);
      const expected = transport === 'wss' ? `tls:127.0.0.1:${stack.port(8)}` : `tcp:127.0.0.1:${stack.port(1)}`;
      if (sockets.length !== 1 || sockets[0] !== expected) throw new Error(`${who} (${transport}) registered on ${sockets.join(', ')}, not ${expected}`);
    }
  }
}, 120_000);

afterAll(async () => {
  head?.close();
  observers.get('wss')?.close();
  await stack?.stop();
  await backend?.destroy();
  rmSync(certDir, { recursive: true, force: true });
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `call-to-card-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ config: CONFIG, cpus: cpus().length, loadBefore, loadAfter: loadavg(), results, rows }, null, 2));
  console.log(`\nCall to card (${COMPARE ? `issue 11, ${CONFIG.transports.join(' vs ')}` : 'issue 3'}), load ${loadBefore.map((l) => l.toFixed(2)).join(' ')} → ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n${table(rows)}\n${file}`);
});

const describeIssue3 = COMPARE ? describe.skip : describe;
const describeTransports = COMPARE ? describe : describe.skip;

describeTransports(`call to card over ${CONFIG.transports.join(' vs ')} (issue 11)`, () => {
  it(`should measure INVITE → card and INVITE → ring per transport in one run, ${CONFIG.latencyCalls} calls each at ${CONFIG.latencyRate}/s`, async () => {
    const transports = CONFIG.transports as Transport[];
    await placeCalls('warm-up', CONFIG.warmup, 10, head, phones.get(transports[0]));
    const cards = new Map<Transport, number[]>(transports.map((t) => [t, []]));
    const rings = new Map<Transport, number[]>(transports.map((t) => [t, []]));
    // legs of the card's path; the transport changes only the last (backend transaction start → socket)
    const legs = new Map(transports.map((t) => [t, { toKamailio: [] as number[], toBackend: [] as number[], toSocket: [] as number[] }]));
    const pairedCards = new Map<Transport, number[]>(transports.map((t) => [t, []]));
    const pairedRings = new Map<Transport, number[]>(transports.map((t) => [t, []]));
    const totals = { lostDeals: 0, duplicateDeals: 0, lostCalls: 0, duplicateCalls: 0, untraced: 0, socketDuplicates: 0 };
    const rounds = Math.ceil(CONFIG.latencyCalls / CONFIG.batch);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...transports].reverse() : transports;
      for (const t of order) {
        const r = await placeCalls(`${t} round ${round + 1}`, CONFIG.batch, CONFIG.latencyRate, observers.get(t)!, phones.get(t)!);
        cards.get(t)!.push(...r.latencies);
        rings.get(t)!.push(...r.rings);
        for (const k of ['toKamailio', 'toBackend', 'toSocket'] as const) legs.get(t)![k].push(...r.breakdown[k]);
        for (const u of transports) {
          pairedCards.get(u)!.push(...r.paired.get(u)!.cards);
          pairedRings.get(u)!.push(...r.paired.get(u)!.rings);
        }
        totals.lostDeals += r.lostDeals;
        totals.duplicateDeals += r.duplicateDeals;
        totals.lostCalls += r.lostCalls;
        totals.duplicateCalls += r.duplicateCalls;
        totals.untraced += r.calls - r.invitesTraced;
        totals.socketDuplicates += r.socketDuplicates;
      }
    }
    const calls = rounds * CONFIG.batch;
    const describeSocket = { ws: 'Head socket over http (ws)', wss: 'Head socket over https (wss)' };
    const describePhone = { ws: 'sip.js agent over WS', wss: 'sip.js agent over WSS' };
    const summary = (v: number[]) => ({ n: v.length, p50: percentile(v, 50), p95: percentile(v, 95), p99: percentile(v, 99), max: Math.max(...v) });
    for (const t of transports) {
      const l = legs.get(t)!;
      results[t] = {
        calls,
        card: summary(cards.get(t)!),
        ring: summary(rings.get(t)!),
        legs: { toKamailio: summary(l.toKamailio), toBackend: summary(l.toBackend), toSocket: summary(l.toSocket) },
      };
      rows.push(latencyRow(`${t}: INVITE → deal.created at ${describeSocket[t]}, ${calls} calls at ${CONFIG.latencyRate}/s`, cards.get(t)!));
      rows.push(...breakdownRows(l));
      rows.push({ ...latencyRow(`${t}:   INVITE → ring at ${describePhone[t]}`, rings.get(t)!), target: '', ok: undefined });
    }
    // the same calls seen by both transports at once (every call rings both phones, every card reaches both sockets)
    for (const t of transports) {
      results[`${t}Paired`] = { card: summary(pairedCards.get(t)!), ring: summary(pairedRings.get(t)!) };
      rows.push({ ...latencyRow(`${t} (paired, every call): INVITE → deal.created at ${describeSocket[t]}`, pairedCards.get(t)!), target: '', ok: undefined });
      rows.push({ ...latencyRow(`${t} (paired, every call):   INVITE → ring at ${describePhone[t]}`, pairedRings.get(t)!), target: '', ok: undefined });
    }
    results.totals = totals;
    rows.push({
      measure: `${calls * transports.length} calls: deals / call records (SQL)`,
      n: calls * transports.length,
      extra: `lost ${totals.lostDeals} / dup ${totals.duplicateDeals} deals; lost ${totals.lostCalls} / dup ${totals.duplicateCalls} calls; socket dup ${totals.socketDuplicates}`,
      target: '0 lost, 0 duplicates',
      ok: totals.lostDeals + totals.duplicateDeals + totals.lostCalls + totals.duplicateCalls === 0,
    });
    expect(totals).toEqual({ lostDeals: 0, duplicateDeals: 0, lostCalls: 0, duplicateCalls: 0, untraced: 0, socketDuplicates: 0 });
    for (const t of transports) {
      // every call put a card on this transport's socket and rang this transport's phone
      expect(cards.get(t)).toHaveLength(calls);
      expect(rings.get(t)).toHaveLength(calls);
      expect(pairedCards.get(t)).toHaveLength(calls * transports.length);
      expect(pairedRings.get(t)).toHaveLength(calls * transports.length);
    }
  }, 600_000);
});

describeIssue3('call to card (issue 3)', () => {
  it(`should put a card on the Head's board within ${TARGET.p99Ms} ms (p99) at ${CONFIG.latencyRate} calls/s`, async () => {
    await placeCalls('warm-up', CONFIG.warmup, 10);
    const r = await placeCalls('latency', CONFIG.latencyCalls, CONFIG.latencyRate);
    results.latency = { ...r, latencies: undefined, p50: percentile(r.latencies, 50), p95: percentile(r.latencies, 95), p99: percentile(r.latencies, 99) };
    rows.push(latencyRow(`INVITE → deal.created at Head socket, ${r.calls} calls at ${r.rate}/s`, r.latencies));
    rows.push(...breakdownRows(r.breakdown));
    expect(r.invitesTraced).toBe(r.calls);
    expect(r.latencies).toHaveLength(r.calls);
    expect({ lost: r.lostDeals, dup: r.duplicateDeals, lostCalls: r.lostCalls, dupCalls: r.duplicateCalls }).toEqual({ lost: 0, dup: 0, lostCalls: 0, dupCalls: 0 });
    expect(percentile(r.latencies, 99)).toBeLessThan(TARGET.p99Ms);
  }, 180_000);

  it(`should make exactly one deal per call in a burst of ${CONFIG.burstCalls} calls at ${CONFIG.burstRate} calls/s`, async () => {
    const r = await placeCalls('burst', CONFIG.burstCalls, CONFIG.burstRate);
    results.burst = { ...r, latencies: undefined, p50: percentile(r.latencies, 50), p95: percentile(r.latencies, 95), p99: percentile(r.latencies, 99) };
    // the issue's latency target is for the 20 calls/s run; the burst's latency is reported, not judged
    rows.push({ ...latencyRow(`INVITE → deal.created at Head socket, burst ${r.calls} calls at ${r.rate}/s`, r.latencies), target: '', ok: undefined });
    rows.push(...breakdownRows(r.breakdown));
    rows.push({
      measure: `burst ${r.calls} calls: deals / call records / call-back tasks (SQL)`,
      n: r.calls,
      extra: `deals ${r.deals} (lost ${r.lostDeals}, dup ${r.duplicateDeals}); calls ${r.callRecords} (lost ${r.lostCalls}, dup ${r.duplicateCalls}, no deal ${r.callsWithoutDeal}); tasks ${r.callBackTasks}; socket events ${r.socketEvents} (dup ${r.socketDuplicates})`,
      target: '0 lost, 0 duplicates',
      ok: r.lostDeals === 0 && r.duplicateDeals === 0 && r.lostCalls === 0 && r.duplicateCalls === 0,
    });
    expect({
      lostDeals: r.lostDeals,
      duplicateDeals: r.duplicateDeals,
      lostCalls: r.lostCalls,
      duplicateCalls: r.duplicateCalls,
      callsWithoutDeal: r.callsWithoutDeal,
      socketEvents: r.socketEvents,
      callBackTasks: r.callBackTasks,
    }).toEqual({ lostDeals: 0, duplicateDeals: 0, lostCalls: 0, duplicateCalls: 0, callsWithoutDeal: 0, socketEvents: r.calls, callBackTasks: r.calls });
  }, 300_000);
});
