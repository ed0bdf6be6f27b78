/* Presence reconciled against the SIP server's live dialogs (issue 12 item 3, ADR 0015): the real
 * backend asks the real Kamailio (dlg.list over JSON-RPC) every 2 s; a rep left on_call, or a call
 * left open, with no dialog behind it is released / ended after 1 s of grace, a live call never. */
import { Api } from '../support/api';
import { queryDatabase, startBackend, type StartedBackend } from '../support/backend';
import { PORT_RANGES } from '../support/sip/ports';
import { callerRow, runSipp } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

const INTERVAL_MS = 2000;
const GRACE_MS = 1000;
/** Interval + grace, plus slack for a loaded machine. */
const WITHIN_MS = INTERVAL_MS + GRACE_MS + 3000;

describe('presence reconciled against Kamailio’s live dialogs', () => {
  let backend: StartedBackend;
  let stack: TelephonyStack;
  let head: Api;
  let service: Api;
  const ids = {} as Record<'alice' | 'bob', string>;
  let seq = 0;

  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(backend.databaseUrl, text, params);
  const presenceOf = async (userId: string) =>
    ((await head.get('/api/users')).body as { id: string; presence: string }[]).find((u) => u.id === userId)?.presence;
  const callRow = async (callId: string) => (await sql(`SELECT * FROM calls WHERE sip_call_id = $1`, [callId]))[0];
  const event = (callId: string, type: string, extra: Record<string, unknown>) => ({
    callId,
    type,
    origin: { pbx: 'test', boot: 'reconcile-spec', seq: ++seq },
    at: new Date().toISOString(),
    ...extra,
  });

  beforeAll(async () => {
    // ports: the full-path range, second half of the worker's block (full-path.spec.ts uses the first)
    const firstPort = PORT_RANGES.fullPath;
    const probe = new TelephonyStack({ firstPort, offset: 200 });
    backend = await startBackend({
      seed: 'users',
      env: {
        SIP_DOMAIN,
        SIP_WS_URL: probe.wsUrl,
        SIP_RPC_URL: `http://127.0.0.1:${probe.port(3)}/RPC`,
        CALL_RECONCILE_INTERVAL_MS: String(INTERVAL_MS),
        CALL_RECONCILE_GRACE_MS: String(GRACE_MS),
      },
    });
    stack = new TelephonyStack({
      firstPort,
      offset: 200,
      backendUrl: backend.url,
      token: backend.env.PBX_SERVICE_TOKEN,
      secret: backend.env.SIP_SHARED_SECRET,
    });
    await stack.start();
    head = (await new Api(backend.url).login('head@example.com')).api;
    service = new Api(backend.url, backend.env.PBX_SERVICE_TOKEN);
    for (const who of ['alice', 'bob'] as const) ids[who] = (await new Api(backend.url).login(`${who}@example.com`)).user.id;
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await backend?.destroy();
  });

  afterEach(async () => {
    await stack.stopAgents();
  });

  it('should release a rep left on_call with no call and no dialog within the interval', async () => {
    await sql(`UPDATE users SET presence_before_call = 'available', presence = 'on_call' WHERE id = $1`, [ids.bob]);
    expect(await presenceOf(ids.bob)).toBe('on_call');
    const t0 = Date.now();
    await waitFor(async () => (await presenceOf(ids.bob)) === 'available', 'Bob released', WITHIN_MS, 100);
    console.log(JSON.stringify({ reconcile: { releasedAfterMs: Date.now() - t0 } }));
  });

  it('should end an answered call the SIP server has no dialog for, and release its rep', async () => {
    const callId = `no-dialog-${Date.now()}@test`;
    const res = await service.post('/api/internal/call-events', {
      events: [
        event(callId, 'offered', { direction: 'inbound', from: '+36301234001', fromName: 'Ghost', to: SALES_NUMBER }),
        event(callId, 'answered', { extension: '1001' }),
      ],
    });
    expect(res.status).toBe(200);
    await waitFor(async () => (await presenceOf(ids.alice)) === 'on_call', 'Alice on_call', 5000, 100);
    const t0 = Date.now();
    const row = await waitFor(async () => {
      const r = await callRow(callId);
      return r?.end_applied ? r : null;
    }, 'the call ended by the reconciler', WITHIN_MS, 100);
    expect(row).toMatchObject({ answered_by: ids.alice, hangup_by: 'system', outcome: 'completed' });
    expect(row.ended_at).not.toBeNull();
    await waitFor(async () => (await presenceOf(ids.alice)) === 'available', 'Alice released', 2000, 100);
    console.log(JSON.stringify({ reconcile: { callEndedAfterMs: Date.now() - t0 } }));
  });

  it('should close a ringing call the SIP server has no dialog for as missed, with its call-back task', async () => {
    const callId = `no-dialog-ringing-${Date.now()}@test`;
    await service.post('/api/internal/call-events', {
      events: [event(callId, 'offered', { direction: 'inbound', from: '+36301234002', fromName: 'Ghost Two', to: SALES_NUMBER })],
    });
    const row = await waitFor(async () => {
      const r = await callRow(callId);
      return r?.end_applied ? r : null;
    }, 'the call closed by the reconciler', WITHIN_MS, 100);
    expect(row).toMatchObject({ outcome: 'missed', missed_reason: 'failed', answered_at: null });
    expect(await sql(`SELECT type FROM tasks WHERE call_id = $1`, [row.id])).toEqual([{ type: 'call_back' }]);
  });

  it('should leave a live call alone for several intervals, and let its own end arrive', async () => {
    const alice = await stack.agentWithCredentials((await (await new Api(backend.url).login('alice@example.com')).api.get('/api/telephony/credentials')).body, 'answer');
    const talkMs = 3 * INTERVAL_MS + GRACE_MS;
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Long Talk', '+36301234003')],
      durationMs: talkMs,
      timeoutSec: 30,
    });
    const call = await alice.waitForCall();
    await waitFor(async () => (await presenceOf(ids.alice)) === 'on_call', 'Alice on_call', 10_000, 100);
    // the whole talk: still on_call, the call still open
    const until = Date.now() + talkMs - 1000;
    while (Date.now() < until) {
      expect(await presenceOf(ids.alice)).toBe('on_call');
      expect((await callRow(call.callId))?.ended_at).toBeNull();
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await sipp.done).code).toBe(0);
    const row = await waitFor(async () => {
      const r = await callRow(call.callId);
      return r?.end_applied ? r : null;
    }, 'the call to end', 10_000, 100);
    expect(row).toMatchObject({ hangup_by: 'caller', outcome: 'completed', answered_by: ids.alice });
    await waitFor(async () => (await presenceOf(ids.alice)) === 'available', 'Alice available', 5000, 100);
  }, 60_000);

  it('should end a call that Kamailio lost by restarting (nothing stays open in the CRM)', async () => {
    const alice = await stack.agentWithCredentials((await (await new Api(backend.url).login('alice@example.com')).api.get('/api/telephony/credentials')).body, 'answer');
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Lost In Restart', '+36301234004')],
      durationMs: 60_000,
      timeoutSec: 90,
    });
    try {
      const call = await alice.waitForCall();
      await waitFor(async () => (await callRow(call.callId))?.answered_at, 'the answer in the CRM', 10_000, 100);
      // a crash (SIGKILL to every Kamailio process): no dialog:end; the new Kamailio has no dialog for the call
      const procs = await stack.kamailio.rpc<{ PID: number }[]>('core.psx');
      for (const p of procs) process.kill(p.PID, 'SIGKILL');
      await stack.kamailio.stop().catch(() => undefined);
      await stack.startKamailio();
      const row = await waitFor(async () => {
        const r = await callRow(call.callId);
        return r?.end_applied ? r : null;
      }, 'the call ended by the reconciler', WITHIN_MS + 5000, 100);
      expect(row).toMatchObject({ hangup_by: 'system', answered_by: ids.alice });
      await waitFor(async () => (await presenceOf(ids.alice)) === 'available', 'Alice available', 5000, 100);
    } finally {
      sipp.kill();
    }
  }, 60_000);

  it('should change nothing while Kamailio cannot be asked, and release the rep once it answers again', async () => {
    await stack.kamailio.stop();
    try {
      await sql(`UPDATE users SET presence_before_call = 'available', presence = 'on_call' WHERE id = $1`, [ids.bob]);
      // sweeps asked for now (as the bridge would), each past the grace period: nobody to ask, nothing changed
      for (let i = 0; i < 3; i++) {
        const res = await service.post('/api/internal/telephony/reconcile');
        expect(res).toEqual({ status: 200, body: { checked: false, liveDialogs: 0, endedCalls: [], releasedReps: [] } });
        await new Promise((r) => setTimeout(r, GRACE_MS / 2));
      }
      expect(await presenceOf(ids.bob)).toBe('on_call');
    } finally {
      await stack.startKamailio();
    }
    await waitFor(async () => (await presenceOf(ids.bob)) === 'available', 'Bob released once Kamailio answers', WITHIN_MS, 100);
  }, 60_000);
});
