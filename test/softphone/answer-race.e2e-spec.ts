/* Exactly one winner per call (issue 12 item 3, ADR 0015): two phones answer the same forked
 * call 0-5 ms apart, round after round, on the real path (sipp carrier → Kamailio + rtpengine →
 * phones; bridge → backend on PostgreSQL holding 50,000 deals) with the other core kept busy.
 * Every round: one lasting leg, the carrier sees one 200 OK and ACKs and BYEs the winner, the
 * other phone is cancelled or gets ACK + BYE from Kamailio, the deal and the call record are the
 * winner's, the call ends in the CRM and nobody is left on_call.
 * The presence reconciler (SIP_RPC_URL) is deliberately off here: it would hide a stuck rep. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDeals } from '../bench/support/seed';
import { Api } from '../support/api';
import { queryDatabase } from '../support/backend';
import { startBaresip, type Baresip } from '../support/sip/baresip';
import { startAgent, type AgentCall, type SipAgent } from '../support/sip/sip-agent';
import { callerRow, runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { MediaStack, SALES_NUMBER, SIP_DOMAIN, softphonePorts } from '../support/softphone/media-stack';

// Its own port block (… fork +1800, … +2700; this one +3000).
const base = Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 3000;
const ports = softphonePorts(base);
const BARESIP_SIP = base + 60;
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 100);
const SAME_USER_ROUNDS = Number(process.env.RACE_SAME_USER_ROUNDS ?? 30);
// The 100 rounds. Over UDP, a losing answer shares Kamailio's workers with the carrier: this
// pairing is the one that found the stale-transaction fault of onreply_route (ADR 0015).
const BARESIP_ROUNDS = Number(process.env.RACE_BARESIP_ROUNDS ?? 100);
const DEALS = Number(process.env.RACE_DEALS ?? 50_000);
const TALK_MS = 300;
/** sipp's (SIP, control, media) port offsets from `base`, tried in turn. */
const CARRIER_PORTS = [
  [20, 21, 30],
  [22, 23, 34],
  [26, 27, 38],
];

interface Rep {
  name: string;
  userId: string;
}

/** One phone in a round: a sip.js agent (we decide when it answers) or baresip (auto-answer). */
interface Phone {
  label: string;
  rep: Rep;
  agent?: SipAgent;
  baresip?: Baresip;
}

interface RoundResult {
  round: number;
  pairing: string;
  callId: string;
  winner: string;
  /** Both phones sent a 200 OK (the loser got ACK + BYE); otherwise the loser was cancelled in time. */
  twoAnswers: boolean;
  /** Gap between the two 200 OKs as Kamailio saw them (ms), when there were two. */
  gapMs: number | null;
  sipjsDelayMs: number;
}

/** The carrier's side of one call from sipp's -trace_msg file. */
function carrierView(file: string): { okTags: string[]; ackTags: string[]; byeTags: string[] } {
  const text = readFileSync(file, 'utf8');
  const blocks = text.split(/^-{10,}.*$/m);
  const tagOf = (b: string) => /^To:.*;tag=([^;\s>]+)/im.exec(b)?.[1] ?? '';
  const okTags = new Set<string>();
  const ackTags = new Set<string>();
  const byeTags = new Set<string>();
  for (const b of blocks) {
    const body = b.replace(/^.*message (received|sent).*$/m, '').trim();
    if (/message received/.test(b) && /^SIP\/2\.0 200/.test(body) && /^CSeq:\s*1 INVITE/im.test(body)) okTags.add(tagOf(body));
    if (/message sent/.test(b) && /^ACK /.test(body)) ackTags.add(tagOf(body));
    if (/message sent/.test(b) && /^BYE /.test(body)) byeTags.add(tagOf(body));
  }
  return { okTags: [...okTags], ackTags: [...ackTags], byeTags: [...byeTags] };
}

describe('answer race: two phones answer one call 0-5 ms apart', () => {
  const stack = new MediaStack(ports);
  const dir = mkdtempSync(join(tmpdir(), 'cb-race-'));
  let head: Api;
  const reps = {} as Record<'alice' | 'bob', Rep>;
  const creds = {} as Record<'alice' | 'bob', { authUsername: string; password: string; extension: string }>;
  let busy: ChildProcess | null = null;
  const results: RoundResult[] = [];
  let callerSeq = 0;

  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(stack.backend.databaseUrl, text, params);
  const presence = async () =>
    Object.fromEntries(((await head.get('/api/users')).body as { id: string; presence: string }[]).map((u) => [u.id, u.presence]));
  const kamailioLog = () => readFileSync(join(stack.kamailio.runDir, 'kamailio.log'), 'utf8');

  async function sipjsPhone(who: 'alice' | 'bob', label: string): Promise<Phone> {
    const c = creds[who];
    const agent = await startAgent({
      extension: c.extension,
      domain: SIP_DOMAIN,
      wsUrl: `ws://127.0.0.1:${ports.ws}`,
      secret: '',
      username: c.authUsername,
      password: c.password,
    });
    return { label, rep: reps[who], agent };
  }

  const carrierTag = (call: AgentCall) => /ack via=2 tag=(\S+)/.exec(call.log.join('\n'))?.[1] ?? null;
  const carrierBye = (call: AgentCall) => call.log.some((l) => /^bye via=2\b/.test(l));
  const elsewhereBye = (call: AgentCall) => call.log.some((l) => /^bye via=1 .*completed elsewhere/i.test(l));

  /**
   * sipp as the carrier placing one call. Its ports sit in the kernel's ephemeral range on this
   * machine (SOFTPHONE_PORT_BASE 52000+): when one is taken by some other socket for the moment,
   * sipp exits at once without a call, and the next port set is tried.
   */
  async function carrier(number: string, name: string, traceFile: string, arrived: () => boolean): Promise<SippRun> {
    let last = '';
    for (const set of CARRIER_PORTS) {
      const run = runSipp({
        scenario: 'uac-call.xml',
        target: stack.sipTarget,
        service: SALES_NUMBER,
        port: base + set[0],
        controlPort: base + set[1],
        inject: [callerRow(name, number)],
        durationMs: TALK_MS,
        timeoutSec: 40,
        extra: ['-mp', String(base + set[2]), '-trace_msg', '-message_file', traceFile],
      });
      const early = await Promise.race([run.done, waitFor(arrived, 'the call at a phone', 3000).then(() => null, () => null)]);
      if (!early) return run;
      last = early.output.slice(0, 1500);
      console.log(JSON.stringify({ answerRaceCarrierRetry: { ports: set.map((x) => base + x), code: early.code, output: last.slice(0, 400) } }));
    }
    throw new Error(`sipp could not place the call on any port set:\n${last}`);
  }

  /** One call to the sales number; `a` and `b` answer `gap` ms apart (a random one first). */
  async function round(n: number, pairing: string, a: Phone, b: Phone, sipjsDelayMs = 0): Promise<RoundResult> {
    const number = `+3670${String(++callerSeq).padStart(7, '0')}`;
    const traceFile = join(dir, `carrier-${pairing}-${n}.log`);
    const before = { a: a.agent?.calls.length ?? 0, b: b.agent?.calls.length ?? 0 };
    const mark = { a: a.baresip?.mark() ?? 0, b: b.baresip?.mark() ?? 0 };
    const sipp = await carrier(number, `Race ${pairing} ${n}`, traceFile, () => (a.agent ?? b.agent)!.calls.length > (a.agent ? before.a : before.b));
    let callId = '?';
    try {
      const sipCalls = await Promise.all(
        [a, b].map((p, i) => (p.agent ? p.agent.waitForCall(`the race call (round ${n})`, 15_000, i === 0 ? before.a : before.b) : null)),
      );
      await Promise.all([a, b].map((p, i) => p.baresip?.waitFor(/Incoming call from/i, 15_000, i === 0 ? mark.a : mark.b)));
      callId = sipCalls.find(Boolean)?.callId ?? '?';
      const answer = (i: number) => {
        const p = [a, b][i];
        if (p.agent) void p.agent.answer(sipCalls[i]!);
        else void p.baresip!.command('accept');
      };
      if (a.agent && b.agent) {
        // two sip.js phones: 0-5 ms apart, in a random order
        const gap = Math.floor(Math.random() * 6);
        const order = Math.random() < 0.5 ? [0, 1] : [1, 0];
        answer(order[0]);
        if (gap === 0) answer(order[1]);
        else setTimeout(() => answer(order[1]), gap);
      } else {
        // sip.js vs baresip: their times from "answer" to 200 OK differ, so one waits the measured
        // lead (positive: the sip.js phone answers later; negative: baresip does)
        const sipjs = a.agent ? 0 : 1;
        const [now, later] = sipjsDelayMs >= 0 ? [1 - sipjs, sipjs] : [sipjs, 1 - sipjs];
        answer(now);
        setTimeout(() => answer(later), Math.abs(sipjsDelayMs));
      }

      // the CRM has the answer: a rep whose phone lost is available (never on_call), within 2 s
      const answeredAt = Date.now();
      const crmAnswer = await waitFor(
        async () => (await sql(`SELECT answered_by FROM calls WHERE sip_call_id = $1 AND answered_at IS NOT NULL`, [callId]))[0],
        'the answer in the CRM',
        5_000,
        25,
      );
      if (a.rep.userId !== b.rep.userId) {
        const loser = crmAnswer.answered_by === a.rep.userId ? b.rep : a.rep;
        await waitFor(async () => (await presence())[loser.userId] === 'available', `${loser.name} available`, Math.max(0, answeredAt + 2000 - Date.now()), 25);
      }

      const done = await sipp.done;
      expect(done.code).toBe(0);
      if (callId === '?') callId = (/^Call-ID:\s*(\S+)/im.exec(readFileSync(traceFile, 'utf8'))?.[1] ?? '?');

      // the phones: one lasting leg, ACKed and BYEd by the carrier; the other cancelled or sent away
      let winner: Phone;
      const { okTags, ackTags, byeTags } = carrierView(traceFile);
      expect(okTags).toHaveLength(1); // the carrier saw exactly one 200 OK (to-tag)
      expect(ackTags).toEqual(okTags);
      expect(byeTags).toEqual(okTags);
      if (a.agent && b.agent) {
        const [ca, cb] = sipCalls as AgentCall[];
        await waitFor(() => ['cancelled', 'ended'].includes(ca.state) && ['cancelled', 'ended'].includes(cb.state), 'both legs over', 10_000);
        const won = [ca, cb].filter((c) => carrierTag(c) !== null);
        expect(won).toHaveLength(1);
        const w = won[0];
        const l = w === ca ? cb : ca;
        expect(carrierTag(w)).toBe(okTags[0]);
        expect(carrierBye(w)).toBe(true);
        expect(w.state).toBe('ended');
        // the loser: cancelled before its answer, or ACK + BYE ("completed elsewhere") from Kamailio
        expect(carrierBye(l)).toBe(false);
        if (l.state === 'ended') {
          expect(elsewhereBye(l)).toBe(true);
          expect(l.log).toContainEqual(expect.stringMatching(/^ack via=1 /));
        } else expect(l.state).toBe('cancelled');
        winner = w === ca ? a : b;
      } else {
        // sip.js vs baresip: the sip.js leg tells who won
        const sp = a.agent ? a : b;
        const bs = a.agent ? b : a;
        const c = sipCalls[a.agent ? 0 : 1]!;
        await waitFor(() => ['cancelled', 'ended'].includes(c.state), 'the sip.js leg over', 10_000);
        const sipjsWon = carrierTag(c) !== null;
        if (sipjsWon) {
          expect(carrierTag(c)).toBe(okTags[0]);
          expect(carrierBye(c)).toBe(true);
        } else {
          expect(carrierBye(c)).toBe(false);
          if (c.state === 'ended') {
            expect(elsewhereBye(c)).toBe(true);
            expect(c.log).toContainEqual(expect.stringMatching(/^ack via=1 /));
          }
        }
        // baresip's call is over too (hung up by the carrier, by Kamailio, or cancelled)
        await bs.baresip!.waitFor(/closed|terminated|cancel/i, 10_000, mark[a.agent ? 'b' : 'a']);
        winner = sipjsWon ? sp : bs;
      }

      // the CRM: the call is the winner's, ended; the deal is the winner's
      const row = await waitFor(
        async () => (await sql(`SELECT * FROM calls WHERE sip_call_id = $1 AND end_applied`, [callId]))[0],
        `the call ${callId} ended in the CRM`,
        15_000,
        50,
      );
      // the winner's own end arrived (the carrier's BYE matched the dialog): hung up by the caller
      expect(row).toMatchObject({ answered_by: winner.rep.userId, outcome: 'completed', hangup_by: 'caller' });
      expect(row.ended_at).not.toBeNull();
      const [deal] = await sql(`SELECT owner_id FROM deals WHERE id = $1`, [row.deal_id]);
      expect(deal.owner_id).toBe(winner.rep.userId);
      // nobody left on_call
      await waitFor(async () => {
        const p = await presence();
        return p[a.rep.userId] === 'available' && p[b.rep.userId] === 'available';
      }, 'both reps available again', 5_000, 50);

      const lines = kamailioLog().split('\n').filter((l) => l.includes(callId) && l.includes('answer race'));
      const at = (re: RegExp) => Number(lines.map((l) => re.exec(l)?.[1]).find(Boolean) ?? NaN);
      // the winner's time as stored under the lock (its own log line can be written later)
      const wonAt = at(/winner at (\d+\.\d+)/) || at(/won at (\d+\.\d+)/);
      const lostAt = at(/lost at (\d+\.\d+)/);
      const gapMs = Number.isFinite(lostAt) ? Math.round((lostAt - wonAt) * 10_000) / 10 : null;
      return { round: n, pairing, callId, winner: winner.label, twoAnswers: gapMs !== null, gapMs, sipjsDelayMs };
    } catch (e) {
      sipp.kill();
      const log = kamailioLog().split('\n').filter((l) => l.includes(callId)).slice(-30).join('\n');
      const calls = [a, b].map((p, i) => `${p.label}: ${JSON.stringify(p.agent?.calls[i === 0 ? before.a : before.b] ?? p.baresip?.output().split('\n').slice(-15), (k, v) => (k === 'session' ? undefined : v))}`);
      const carrierOut = (await sipp.done).output;
      // sipp's own complaints (an unexpected message, a socket error) come before its final screen
      const complaints = carrierOut.split('\n').filter((l) => /error|unexpected|abort|fail|unable|can ?not/i.test(l) && !/^\s*(Failed call|Successful call)/.test(l)).slice(0, 20).join('\n');
      const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8').slice(-3000) : '(no trace file)';
      throw new Error(
        `round ${pairing} ${n} (${callId}): ${String(e)}\n--- phones ---\n${calls.join('\n')}\n--- kamailio ---\n${log}\n` +
          `--- carrier complaints ---\n${complaints}\n--- carrier trace (end) ---\n${trace}\n--- carrier ---\n${carrierOut.slice(-1500)}`,
      );
    }
  }

  function summary(pairing: string) {
    const mine = results.filter((r) => r.pairing === pairing);
    const gaps = mine.map((r) => r.gapMs).filter((g): g is number => g !== null).sort((x, y) => x - y);
    const wins: Record<string, number> = {};
    for (const r of mine) wins[r.winner] = (wins[r.winner] ?? 0) + 1;
    const out = {
      pairing,
      rounds: mine.length,
      twoAnswers: gaps.length,
      within5ms: gaps.filter((g) => g <= 5).length,
      ...(pairing === 'sipjs-baresip' ? { sipjsDelayMs: mine.map((r) => Math.round(r.sipjsDelayMs)) } : {}),
      gapMs: gaps.length ? { min: gaps[0], p50: gaps[Math.floor(gaps.length / 2)], max: gaps.at(-1) } : null,
      wins,
    };
    console.log(JSON.stringify({ answerRace: out }));
    return out;
  }

  beforeAll(async () => {
    await stack.start();
    head = (await new Api(stack.backend.url).login('head@example.com')).api;
    for (const who of ['alice', 'bob'] as const) {
      const l = await new Api(stack.backend.url).login(`${who}@example.com`);
      reps[who] = { name: who, userId: l.user.id };
      const c = (await l.api.get('/api/telephony/credentials')).body as { authUsername: string; password: string; sipUri: string };
      creds[who] = { ...c, extension: /^sip:([^@]+)@/.exec(c.sipUri)![1] };
    }
    if (DEALS > 0) {
      const pipeline = (await head.get('/api/pipelines')).body[0];
      const seeded = await seedDeals(stack.backend.databaseUrl, {
        deals: DEALS,
        pipelineId: pipeline.id,
        stageIds: pipeline.stages.map((s: { id: string }) => s.id),
        sellerIds: [reps.alice.userId, reps.bob.userId],
      });
      console.log(JSON.stringify({ answerRaceSeed: seeded }));
    }
    // the other core busy for the whole run
    busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  }, 600_000);

  afterAll(async () => {
    busy?.kill('SIGKILL');
    await stack.stop();
  }, 60_000);

  it(`should give every one of ${ROUNDS} rounds one winner when two sip.js phones (two reps) answer 0-5 ms apart`, async () => {
    const alice = await sipjsPhone('alice', 'alice');
    const bob = await sipjsPhone('bob', 'bob');
    try {
      for (let n = 1; n <= ROUNDS; n++) results.push(await round(n, 'sipjs-sipjs', alice, bob));
    } finally {
      await alice.agent!.stop();
      await bob.agent!.stop();
    }
    const s = summary('sipjs-sipjs');
    expect(s.rounds).toBe(ROUNDS);
    // the race is real: in a share of the rounds both phones sent their 200 OK
    expect(s.twoAnswers).toBeGreaterThan(0);
    if (ROUNDS >= 20) expect(Object.keys(s.wins).sort()).toEqual(['alice', 'bob']);
  }, 60_000 + ROUNDS * 15_000);

  it(`should give every one of ${SAME_USER_ROUNDS} rounds one winner when two tabs of one rep answer 0-5 ms apart`, async () => {
    const tab1 = await sipjsPhone('alice', 'tab1');
    const tab2 = await sipjsPhone('alice', 'tab2');
    try {
      for (let n = 1; n <= SAME_USER_ROUNDS; n++) results.push(await round(n, 'same-user', tab1, tab2));
    } finally {
      await tab1.agent!.stop();
      await tab2.agent!.stop();
    }
    const s = summary('same-user');
    expect(s.rounds).toBe(SAME_USER_ROUNDS);
    expect(s.twoAnswers).toBeGreaterThan(0);
  }, 60_000 + SAME_USER_ROUNDS * 15_000);

  it(`should give every one of ${BARESIP_ROUNDS} rounds one winner when a sip.js phone races a baresip desk phone`, async () => {
    // baresip answers on its control interface's "accept", the sip.js agent on answer(): 0-5 ms apart
    const c = creds.alice;
    const desk: Phone = {
      label: 'baresip',
      rep: reps.alice,
      baresip: await startBaresip({
        user: c.extension,
        domain: SIP_DOMAIN,
        authUser: c.authUsername,
        password: c.password,
        server: { host: '127.0.0.1', port: ports.sip, transport: 'udp' },
        listen: `127.0.0.1:${BARESIP_SIP}`,
        answerMode: 'manual',
        controlPort: BARESIP_SIP + 5, // (+1 is baresip's own SIP over TLS)
      }),
    };
    const browser = await sipjsPhone('bob', 'sipjs');
    try {
      await desk.baresip!.registered(10_000);
      // calibrated as it goes: how much later than baresip the sip.js phone answers (negative:
      // earlier) so that both 200 OKs reach Kamailio within a few ms of each other
      let lead = Number(process.env.RACE_BARESIP_LEAD_MS ?? 0);
      for (let n = 1; n <= BARESIP_ROUNDS; n++) {
        const r = await round(n, 'sipjs-baresip', n % 2 ? browser : desk, n % 2 ? desk : browser, lead + Math.random() * 6 - 3);
        results.push(r);
        if (r.gapMs === null) lead += r.winner === 'sipjs' ? 4 : -4;
        else lead += ((r.winner === 'sipjs' ? 1 : -1) * r.gapMs) / 2;
      }
    } finally {
      await browser.agent!.stop();
      if (process.env.RACE_DEBUG) console.log(desk.baresip!.output().slice(-4000));
      await desk.baresip!.stop();
    }
    const s = summary('sipjs-baresip');
    expect(s.rounds).toBe(BARESIP_ROUNDS);
  }, 60_000 + BARESIP_ROUNDS * 15_000);

  it('should leave no dialog in the SIP server and no in-dialog request it could not match', async () => {
    const dialogs = await waitFor(async () => {
      const list = await stack.kamailio.rpc<unknown>('dlg.list');
      return Array.isArray(list) && list.length === 0 ? list : null;
    }, 'no dialog left in Kamailio', 10_000, 200);
    const log = kamailioLog();
    console.log(JSON.stringify({ answerRaceEnd: { dialogs: dialogs.length, tightMatchingFailed: (log.match(/tight matching failed/g) ?? []).length } }));
    expect(log).not.toMatch(/tight matching failed/);
  });

});
