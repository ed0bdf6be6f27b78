/* The bridge on two real backend nodes (one database): sipp (the trunk) → Kamailio → the bridge
 * with BACKEND_URL="A,B" → backend A or B. Node A is SIGKILLed in the middle of a burst; the bridge
 * must send every event (and every routing question) to B from then on, and nothing may be lost
 * or applied twice (ADR 0038). Kamailio itself is given A's URL on purpose: its own synchronous
 * routing fallback would fail after the kill, so calls that still get the CRM's routing prove
 * the relay failed over. */
import { Api } from '../support/api';
import { queryDatabase, startBackend, type StartedBackend } from '../support/backend';
import { PORT_RANGES } from '../support/sip/ports';
import { callerRow, runSipp } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

describe('bridge failover across backend nodes', () => {
  let a: StartedBackend;
  let b: StartedBackend;
  let stack: TelephonyStack;
  const ids: Record<string, string> = {};

  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(a.databaseUrl, text, params);

  // One phone, as full-path.spec.ts's burst: a call that comes while Alice talks finds nobody (480)
  async function agentOf(who: 'alice') {
    const { api, user } = await new Api(b.url).login(`${who}@example.com`);
    ids[who] = user.id;
    const res = await api.get('/api/telephony/credentials');
    expect(res.status).toBe(200);
    return stack.agentWithCredentials(res.body, 'answer');
  }

  /** A burst of trunk calls from `numbers` (20 calls/s, at most 10 at once), answered or 480. */
  const burst = (numbers: string[], label: string) =>
    runSipp({
      scenario: 'uac-call-or-unavailable.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: numbers.map((num, i) => callerRow(`${label} ${i}`, num)),
      calls: numbers.length,
      rate: 20,
      durationMs: 100,
      extra: ['-l', '10'],
    });

  const recorded = async (numbers: string[]) =>
    (await sql(`SELECT count(*)::int AS n FROM calls WHERE from_number = ANY($1)`, [numbers]))[0].n as number;

  /** Every call of `numbers` became exactly one call row and one deal, with all its events applied. */
  async function expectEveryCallOnce(numbers: string[]): Promise<any[]> {
    await waitFor(
      async () => (await sql(`SELECT count(*)::int AS n FROM calls WHERE from_number = ANY($1) AND end_applied`, [numbers]))[0].n === numbers.length,
      `all ${numbers.length} calls to be recorded and ended`,
      30_000,
      200,
    );
    const calls = await sql(`SELECT * FROM calls WHERE from_number = ANY($1)`, [numbers]);
    expect(calls).toHaveLength(numbers.length);
    const titles = numbers.map((n) => `Call from ${n}`);
    const perTitle = await sql(`SELECT title, count(*)::int AS n FROM deals WHERE title = ANY($1) GROUP BY title`, [titles]);
    expect(perTitle).toHaveLength(numbers.length);
    expect(perTitle.filter((r) => r.n !== 1)).toEqual([]);
    expect(new Set(calls.map((c) => c.deal_id)).size).toBe(numbers.length);
    for (const c of calls) {
      // offered, then answered or missed, then ended: each applied once
      expect({ deal: c.deal_created, end: c.end_applied, offered: c.offered_at !== null, ended: c.ended_at !== null }).toEqual({
        deal: true,
        end: true,
        offered: true,
        ended: true,
      });
      if (c.outcome === 'completed') expect({ by: c.answered_by, applied: c.answer_applied }).toEqual({ by: ids.alice, applied: true });
      else expect({ outcome: c.outcome, reason: c.missed_reason, applied: c.miss_applied }).toEqual({ outcome: 'missed', reason: 'nobody_available', applied: true });
    }
    return calls;
  }

  /** sipp's exit code 0 (every call answered or 480), its screen shown when not. */
  async function expectSippPassed(sipp: ReturnType<typeof runSipp>): Promise<void> {
    const { code, output } = await sipp.done;
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
  }

  /** Kamailio's CRM breaker opens when routing failed (via the relay or its own request). */
  const breakerClosed = () => stack.kamailio.rpc('htable.get', ['cb', 'open']).then(
    () => false,
    () => true,
  );

  beforeAll(async () => {
    a = await startBackend({ seed: 'users', env: { SIP_DOMAIN } });
    // node B: the same database and the same secrets (tokens and SIP credentials valid on both)
    b = await startBackend({
      databaseUrl: a.databaseUrl,
      seed: 'none',
      env: { SIP_DOMAIN, JWT_SECRET: a.env.JWT_SECRET, PBX_SERVICE_TOKEN: a.env.PBX_SERVICE_TOKEN, SIP_SHARED_SECRET: a.env.SIP_SHARED_SECRET },
    });
    stack = new TelephonyStack({
      firstPort: PORT_RANGES.fullPath,
      backendUrl: a.url,
      token: a.env.PBX_SERVICE_TOKEN,
      secret: a.env.SIP_SHARED_SECRET,
      bridgeEnv: { BACKEND_URL: `${a.url},${b.url}`, DELIVERY_REHEARSAL_CALLS: '20' },
    });
    await stack.start();
  }, 120_000);

  afterEach(async () => {
    await stack.stopAgents();
    await stack.resetCrmBreaker();
  });

  /** The bridge's log lines containing `text`, from the `from`th on. */
  const lines = (text: string, from = 0) => stack.bridge.output.split('\n').filter((l) => l.includes(text)).slice(from);

  afterAll(async () => {
    await stack?.stop();
    await b?.destroy();
    await a?.destroy();
  });

  it('should lose and duplicate nothing when node A is SIGKILLed mid-burst, and keep routing through node B', async () => {
    await agentOf('alice');
    const n = 60;
    const numbers = Array.from({ length: n }, (_, i) => `+${36203330000 + i}`);
    const sipp = burst(numbers, 'Failover');

    // the first calls are in: kill A while the rest of the burst is still to come
    await waitFor(async () => (await recorded(numbers)) >= 5, 'the first calls on node A', 20_000, 20);
    const routedBefore = stack.bridge.count('CRM routing failed');
    const switches = stack.bridge.count('backend node switch');
    await a.kill();
    const atKill = await recorded(numbers);
    expect(sipp.process.exitCode).toBeNull();

    await expectSippPassed(sipp);
    const calls = await expectEveryCallOnce(numbers);
    // calls after the kill still reached someone: routed by B (through the bridge) and answered
    expect(atKill).toBeLessThan(n);
    expect(calls.filter((c) => c.outcome === 'completed').length).toBeGreaterThan(1);
    expect(lines('CRM routing failed', routedBefore)).toEqual([]);
    expect(await breakerClosed()).toBe(true);

    // the bridge said where it went, and nothing was dead-lettered
    expect(lines('backend node switch', switches).map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ from: a.url, to: b.url })]);
    expect(lines('call event dead-lettered')).toEqual([]);
    expect(stack.bridge.output).not.toContain(a.env.PBX_SERVICE_TOKEN);
  }, 120_000);

  it('should go back to node A when it returns (it is listed first) and lose nothing when B dies after', async () => {
    await agentOf('alice');
    const switches = stack.bridge.count('backend node switch');
    await a.restart();
    await waitFor(async () => (await fetch(`${a.url}/api/health`)).ok, 'node A to answer again', 30_000, 100);
    await waitFor(() => lines('backend node switch', switches).length > 0, 'the bridge to go back to node A', 15_000);
    expect(lines('backend node switch', switches).map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ from: b.url, to: a.url })]);

    const numbers = Array.from({ length: 20 }, (_, i) => `+${36204440000 + i}`);
    const sipp = burst(numbers, 'Return');
    await waitFor(async () => (await recorded(numbers)) >= 5, 'the first calls on node A', 20_000, 20);
    const switchesBefore = stack.bridge.count('backend node switch');
    const routedBefore = stack.bridge.count('CRM routing failed');
    await b.kill();
    await expectSippPassed(sipp);
    await expectEveryCallOnce(numbers);
    expect(lines('CRM routing failed', routedBefore)).toEqual([]);
    expect(await breakerClosed()).toBe(true);
    // B was not current: its death moves nothing
    expect(lines('backend node switch', switchesBefore)).toEqual([]);
    expect(lines('call event dead-lettered')).toEqual([]);
  }, 120_000);
});
