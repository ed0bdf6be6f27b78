/* The whole path with nothing stubbed: sipp (the trunk) → Kamailio → the bridge → the REAL backend
 * (fresh database) → socket.io boards; sip.js agents registered with credentials the backend
 * issued (GET /api/telephony/credentials), so the format is proven against auth_ephemeral. */
import { Api } from '../support/api';
import { startBackend, type StartedBackend, queryDatabase } from '../support/backend';
import { RecordingSocket } from '../support/socket';
import { PORT_RANGES, portBlock } from '../support/sip/ports';
import { callerRow, runSipp, type SippOptions } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

type Who = 'head' | 'alice' | 'bob';

describe('full path: trunk → Kamailio → bridge → real backend → boards', () => {
  const ports = portBlock(0, PORT_RANGES.fullPath);
  let backend: StartedBackend;
  let stack: TelephonyStack;
  /** sipp as the carrier trunk, calling the sales number through this suite's Kamailio. */
  const trunkCall = (o: Omit<SippOptions, 'target' | 'service' | 'port' | 'controlPort'>) =>
    runSipp({ target: stack.sipTarget, service: SALES_NUMBER, ...stack.sippPorts(), ...o });
  const api = {} as Record<Who, Api>;
  const ids = {} as Record<Who, string>;
  const tokens = {} as Record<Who, string>;
  let sockets = {} as Record<Who, RecordingSocket>;
  let stages: Record<string, string> = {};

  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(backend.databaseUrl, text, params);

  async function connectSockets(): Promise<void> {
    for (const s of Object.values(sockets)) s.close();
    const [head, alice, bob] = await Promise.all(
      (['head', 'alice', 'bob'] as const).map((w) => RecordingSocket.connect(backend.url, tokens[w])),
    );
    sockets = { head, alice, bob };
  }

  /** An agent registered with the credentials the backend hands to `who`. */
  async function agentOf(who: Who, policy: Parameters<TelephonyStack['agent']>[1] = 'manual') {
    const res = await api[who].get('/api/telephony/credentials');
    expect(res.status).toBe(200);
    return stack.agentWithCredentials(res.body, policy);
  }

  const callRow = (callId: string) => sql(`SELECT * FROM calls WHERE sip_call_id = $1`, [callId]).then((r) => r[0]);
  const dealsTitled = (title: string) => sql(`SELECT * FROM deals WHERE title = $1 AND deleted_at IS NULL`, [title]);

  beforeAll(async () => {
    backend = await startBackend({
      seed: 'users',
      env: { SIP_DOMAIN, SIP_WS_URL: `ws://127.0.0.1:${ports(1)}` },
    });
    stack = new TelephonyStack({
      firstPort: PORT_RANGES.fullPath,
      backendUrl: backend.url,
      token: backend.env.PBX_SERVICE_TOKEN,
      secret: backend.env.SIP_SHARED_SECRET,
    });
    const anon = new Api(backend.url);
    for (const who of ['head', 'alice', 'bob'] as const) {
      const l = await anon.login(`${who}@example.com`);
      api[who] = l.api;
      ids[who] = l.user.id;
      tokens[who] = l.token;
    }
    const pipelines = (await api.head.get('/api/pipelines')).body;
    stages = Object.fromEntries(pipelines[0].stages.map((s: any) => [s.name, s.id]));
    await Promise.all([stack.start(), connectSockets()]);
  }, 90_000);

  afterAll(async () => {
    for (const s of Object.values(sockets)) s.close();
    await stack?.stop();
    await backend?.destroy();
  });

  afterEach(async () => {
    await stack.stopAgents();
    await stack.resetCrmBreaker();
  });

  it('should turn a call into an Unsorted deal on offer and give it to Bob when he answers, Alice’s leg cancelled', async () => {
    const caller = '+36201110001';
    const title = `Call from ${caller}`;
    const alice = await agentOf('alice');
    const bob = await agentOf('bob');
    const talkMs = 2000;
    const t0 = Date.now();
    const sipp = trunkCall({
      scenario: 'uac-call.xml',
      inject: [callerRow('Jane Caller', caller)],
      durationMs: talkMs,
    });

    const created = await sockets.head.waitFor('deal.created', (d) => d.title === title, 10_000);
    const deal = created.payload;
    expect(deal).toMatchObject({ source: 'inbound_call', ownerId: null, stageId: stages['Unsorted'] });
    await sockets.alice.waitFor('deal.created', (d) => d.id === deal.id);
    await sockets.bob.waitFor('deal.created', (d) => d.id === deal.id);

    const aliceCall = await alice.waitForCall();
    const bobCall = await bob.waitForCall();
    expect(aliceCall.callId).toBe(bobCall.callId);
    const callId = bobCall.callId;
    const pop = await sockets.bob.waitFor('call.ringing', (p) => p.callId === callId);
    expect(pop.payload).toMatchObject({ from: caller, fromName: 'Jane Caller', deal: { id: deal.id } });
    await sockets.alice.waitFor('call.ringing', (p) => p.callId === callId);

    const answeredAt = Date.now();
    await bob.answer(bobCall);
    const answered = await sockets.bob.waitFor('call.answered', (p) => p.callId === callId);
    expect(answered.payload.deal).toMatchObject({ id: deal.id, ownerId: ids.bob });
    expect(answered.payload.deal.stageId).not.toBe(stages['Unsorted']);
    await sockets.alice.waitFor('deal.removed', (p) => p.id === deal.id);
    await sockets.alice.waitFor('call.taken', (p) => p.callId === callId && p.byUserId === ids.bob);
    const moved = await sockets.head.waitFor('deal.moved', (p) => p.deal.id === deal.id && p.deal.ownerId === ids.bob);
    expect(moved.payload.deal.stageId).not.toBe(stages['Unsorted']);
    await waitFor(() => aliceCall.state === 'cancelled', 'Alice’s leg to be cancelled');

    expect((await sipp.done).code).toBe(0);
    const endedAt = Date.now();
    await sockets.bob.waitFor('call.ended', (p) => p.callId === callId, 10_000);

    // one deal, Bob's, out of Unsorted; one call record with the right times
    const deals = await dealsTitled(title);
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ id: deal.id, owner_id: ids.bob, source: 'inbound_call' });
    expect(deals[0].stage_id).not.toBe(stages['Unsorted']);
    const calls = (await api.head.get('/api/calls?limit=200')).body.filter((c: any) => c.sipCallId === callId);
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call).toMatchObject({ dealId: deal.id, answeredBy: ids.bob, outcome: 'completed', hangupBy: 'caller', fromNumber: caller });
    expect(Math.abs(Date.parse(call.offeredAt) - t0)).toBeLessThan(1000);
    expect(Math.abs(Date.parse(call.answeredAt) - answeredAt)).toBeLessThan(1000);
    expect(Math.abs(Date.parse(call.endedAt) - endedAt)).toBeLessThan(1000);
    expect(Math.abs(call.durationSec - talkMs / 1000)).toBeLessThanOrEqual(1);
    const timeline = (await api.bob.get(`/api/deals/${deal.id}/events`)).body;
    expect(timeline.find((e: any) => e.type === 'call')?.data).toMatchObject({ outcome: 'completed', callId });

    // the Head's board saw every step; Alice no longer sees the card; Bob got the pop before the answer
    const headSteps = sockets.head.received.filter((r) => r.payload?.id === deal.id || r.payload?.deal?.id === deal.id);
    expect(headSteps.map((r) => r.event)).toEqual(expect.arrayContaining(['deal.created', 'deal.moved']));
    const bobOrder = sockets.bob.received.filter((r) => r.payload?.callId === callId).map((r) => r.event);
    expect(bobOrder.indexOf('call.ringing')).toBeLessThan(bobOrder.indexOf('call.answered'));
    expect((await api.alice.get(`/api/deals/${deal.id}`)).status).toBeGreaterThanOrEqual(403);
  });

  it('should attach a call from a known contact to the open deal (no new deal), ringing the owner first', async () => {
    const caller = '+36201110001'; // Bob's deal from the test above
    const [open] = await dealsTitled(`Call from ${caller}`);
    expect(open.owner_id).toBe(ids.bob);
    const createdBefore = sockets.head.events('deal.created').length;
    const bob = await agentOf('bob', 'answer');
    const alice = await agentOf('alice', 'answer');
    const sipp = trunkCall({
      scenario: 'uac-call.xml',
      inject: [callerRow('Jane Again', caller)],
      durationMs: 200,
    });
    const call = await bob.waitForCall();
    const pop = await sockets.bob.waitFor('call.ringing', (p) => p.callId === call.callId);
    expect(pop.payload.deal).toMatchObject({ id: open.id });
    expect((await sipp.done).code).toBe(0);
    await sockets.bob.waitFor('call.ended', (p) => p.callId === call.callId, 10_000);
    expect(alice.calls).toHaveLength(0); // the owner alone rang first, and answered
    expect(await callRow(call.callId)).toMatchObject({ deal_id: open.id, answered_by: ids.bob, outcome: 'completed' });
    expect(await dealsTitled(`Call from ${caller}`)).toHaveLength(1);
    expect(sockets.head.events('deal.created')).toHaveLength(createdBefore);
  });

  it('should leave a missed call in Unsorted with one call-back task when the caller gives up', async () => {
    const caller = '+36201110002';
    const alice = await agentOf('alice');
    const bob = await agentOf('bob');
    const sipp = trunkCall({
      scenario: 'uac-cancel.xml',
      inject: [callerRow('Gives Up', caller)],
      durationMs: 300,
    });
    const a = await alice.waitForCall();
    const b = await bob.waitForCall();
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => a.state === 'cancelled' && b.state === 'cancelled', 'both legs cancelled');
    const missed = await waitFor(async () => {
      const row = await callRow(a.callId);
      return row?.outcome === 'missed' && row.end_applied !== false ? row : null;
    }, 'the call to be recorded as missed');
    expect(missed).toMatchObject({ missed_reason: 'caller_cancelled', answered_at: null });
    const [deal] = await dealsTitled(`Call from ${caller}`);
    expect(deal).toMatchObject({ stage_id: stages['Unsorted'], owner_id: null, missed: true });
    await waitFor(async () => (await sql(`SELECT 1 FROM tasks WHERE deal_id = $1`, [deal.id])).length === 1, 'one call-back task');
    expect(await sql(`SELECT type FROM tasks WHERE deal_id = $1`, [deal.id])).toEqual([{ type: 'call_back' }]);
    await sockets.head.waitFor('deal.created', (d) => d.id === deal.id);
  });

  it('should record a missed call (nobody_available) and still make the deal when nobody is registered', async () => {
    const caller = '+36201110003';
    const sipp = trunkCall({
      scenario: 'uac-expect-480.xml',
      inject: [callerRow('Nobody Home', caller)],
    });
    expect((await sipp.done).code).toBe(0);
    const created = await sockets.head.waitFor('deal.created', (d) => d.title === `Call from ${caller}`, 10_000);
    const row = await waitFor(async () => {
      const [r] = await sql(`SELECT * FROM calls WHERE deal_id = $1`, [created.payload.id]);
      return r?.missed_reason ? r : null;
    }, 'the missed call');
    expect(row).toMatchObject({ outcome: 'missed', missed_reason: 'nobody_available' });
  });

  it('should let a desk phone (sipp UAS registered as Bob with the backend’s credentials) answer and own the deal', async () => {
    const caller = '+36201110004';
    const creds = (await api.bob.get('/api/telephony/credentials')).body;
    expect(creds.sipUri).toBe(`sip:1002@${SIP_DOMAIN}`);
    const desk = stack.sippPorts();
    const uas = runSipp({ scenario: 'uas-answer.xml', ...desk, durationMs: 100, timeoutSec: 20 });
    const register = (expires: string) =>
      runSipp({
        scenario: 'register.xml',
        target: stack.sipTarget,
        ...stack.sippPorts(),
        inject: [['1002', String(desk.port), expires]],
        authUser: creds.authUsername,
        authPassword: creds.password,
      }).done;
    expect((await register('300')).code).toBe(0);
    try {
      const sipp = trunkCall({
        scenario: 'uac-call.xml',
        inject: [callerRow('Desk Caller', caller)],
        durationMs: 200,
      });
      expect((await sipp.done).code).toBe(0);
      expect((await uas.done).code).toBe(0);
      const created = await sockets.head.waitFor('deal.created', (d) => d.title === `Call from ${caller}`);
      const answered = await sockets.bob.waitFor('call.answered', (p) => p.deal?.id === created.payload.id, 10_000);
      expect(answered.payload.deal.ownerId).toBe(ids.bob);
      await sockets.bob.waitFor('call.ended', (p) => p.callId === answered.payload.callId, 10_000);
      expect(await callRow(answered.payload.callId)).toMatchObject({ answered_by: ids.bob, answered_extension: '1002', outcome: 'completed' });
    } finally {
      expect((await register('0')).code).toBe(0);
    }
  });

  it('should bring every call of a burst to its deal, once, after the backend is SIGKILLed and restarted', async () => {
    await agentOf('alice', 'answer');
    const n = 20;
    const first = 36202220000;
    const numbers = Array.from({ length: n }, (_, i) => `+${first + i}`);
    const sipp = trunkCall({
      scenario: 'uac-call-or-unavailable.xml',
      inject: numbers.map((num, i) => callerRow(`Burst ${i}`, num)),
      calls: n,
      rate: 10,
      durationMs: 100,
      extra: ['-l', '10'],
    });
    // kill it once the first cards are out, while most calls are still to come
    await sockets.head.waitFor('deal.created', (d) => d.title === `Call from ${numbers[1]}`, 10_000);
    await backend.kill();
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => stack.bridge.count('CRM delivery failed, will retry') >= 1, 'the bridge to retry');

    await backend.restart();
    // restart() can resolve on the previous run's "listening on" line (support/backend.ts matches
    // the tail of the whole output): wait until the new process answers
    await waitFor(async () => (await api.head.get('/api/pipelines')).status === 200, 'the backend to answer again', 30_000, 100);
    await connectSockets();
    const titles = numbers.map((num) => `Call from ${num}`);
    await waitFor(
      async () => (await sql(`SELECT count(*)::int AS n FROM calls WHERE from_number = ANY($1) AND end_applied`, [numbers]))[0].n === n,
      `all ${n} calls to be recorded and ended`,
      30_000,
      200,
    );
    const perTitle = await sql(`SELECT title, count(*)::int AS n FROM deals WHERE title = ANY($1) GROUP BY title`, [titles]);
    expect(perTitle).toHaveLength(n);
    expect(perTitle.filter((r) => r.n !== 1)).toEqual([]);
    const calls = await sql(`SELECT * FROM calls WHERE from_number = ANY($1)`, [numbers]);
    expect(calls).toHaveLength(n);
    // Alice answers; a call that arrives while she is on another one finds nobody available
    // (routing rings available reps only): missed, with its deal all the same.
    for (const c of calls) {
      if (c.outcome === 'completed') expect(c.answered_by).toBe(ids.alice);
      else expect({ outcome: c.outcome, reason: c.missed_reason }).toEqual({ outcome: 'missed', reason: 'nobody_available' });
    }
    expect(calls.filter((c) => c.outcome === 'completed').length).toBeGreaterThan(0);
    expect(new Set(calls.map((c) => c.deal_id)).size).toBe(n);
  }, 90_000);

  it('should deliver a call’s end when the bridge is killed mid-call and restarted', async () => {
    const caller = '+36201110005';
    const alice = await agentOf('alice', 'answer');
    const sipp = trunkCall({
      scenario: 'uac-call.xml',
      inject: [callerRow('Bridge Down', caller)],
      durationMs: 1500,
    });
    const call = await alice.waitForCall();
    await sockets.alice.waitFor('call.answered', (p) => p.callId === call.callId, 10_000);
    await stack.bridge.kill();
    expect((await sipp.done).code).toBe(0);
    expect((await callRow(call.callId)).ended_at).toBeNull();
    await stack.bridge.start();
    await sockets.alice.waitFor('call.ended', (p) => p.callId === call.callId, 15_000);
    const row = await callRow(call.callId);
    expect(row).toMatchObject({ outcome: 'completed', hangup_by: 'caller', answered_by: ids.alice });
    expect(Math.abs(row.duration_sec - 1.5)).toBeLessThanOrEqual(1);
    expect(await dealsTitled(`Call from ${caller}`)).toHaveLength(1);
  });

  // Last: the agents' WebSocket registrations do not survive a Kamailio restart.
  it('should close a call (hangup by system) when Kamailio restarts mid-call', async () => {
    const caller = '+36201110006';
    const alice = await agentOf('alice', 'answer');
    const sipp = trunkCall({
      scenario: 'uac-call.xml',
      inject: [callerRow('Kamailio Restart', caller)],
      durationMs: 30_000,
    });
    try {
      const call = await alice.waitForCall();
      await sockets.alice.waitFor('call.answered', (p) => p.callId === call.callId, 10_000);
      await stack.kamailio.stop();
      await stack.startKamailio();
      await sockets.alice.waitFor('call.ended', (p) => p.callId === call.callId, 20_000);
      expect(await callRow(call.callId)).toMatchObject({ hangup_by: 'system', outcome: 'completed', answered_by: ids.alice });
    } finally {
      sipp.kill();
    }
  }, 60_000);
});
