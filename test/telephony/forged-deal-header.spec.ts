/* Issue 12: nothing from a phone is trusted. From outside, with a Seller's own SIP credentials
 * (a sip.js agent registered with what the backend issued her), outbound calls carrying a forged
 * X-Callboard-Deal (a random UUID, another Seller's deal, a deleted deal, a malformed value) go
 * through sipp as the carrier, Kamailio, the bridge and the REAL backend. Each must leave the named
 * deal exactly as it was, and the inbound calls other reps answer right after must each become
 * their deal within the usual latency (before: the forged id failed every batch with 500 and the
 * bridge's retries held back every later call). */
import { randomUUID } from 'node:crypto';
import { Api } from '../support/api';
import { startBackend, type StartedBackend, queryDatabase } from '../support/backend';
import { RecordingSocket } from '../support/socket';
import { PORT_RANGES, portBlock } from '../support/sip/ports';
import { callerRow, runSipp } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

const OFFSET = 300;

describe('X-Callboard-Deal from a Seller\'s phone is checked before any write', () => {
  const ports = portBlock(OFFSET, PORT_RANGES.fullPath);
  let backend: StartedBackend;
  let stack: TelephonyStack;
  let head: RecordingSocket;
  const api = {} as Record<'head' | 'alice' | 'bob', Api>;
  const ids = {} as Record<'head' | 'alice' | 'bob', string>;
  let stages: Record<string, string> = {};
  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(backend.databaseUrl, text, params);

  async function agentOf(who: 'alice' | 'bob', policy: Parameters<TelephonyStack['agent']>[1] = 'manual') {
    const res = await api[who].get('/api/telephony/credentials');
    expect(res.status).toBe(200);
    return stack.agentWithCredentials(res.body, policy);
  }

  /** What a deal looks like to someone checking it was not touched. */
  const snapshot = async (dealId: string) => ({
    deal: (await sql(`SELECT stage_id, owner_id, missed, last_contact_at, updated_at FROM deals WHERE id = $1`, [dealId]))[0],
    timeline: (await sql(`SELECT type, data FROM deal_events WHERE deal_id = $1 ORDER BY created_at, id`, [dealId])),
    runs: (await sql(`SELECT count(*)::int AS n FROM automation_runs WHERE deal_id = $1`, [dealId]))[0].n,
    calls: (await sql(`SELECT count(*)::int AS n FROM calls WHERE deal_id = $1`, [dealId]))[0].n,
  });

  beforeAll(async () => {
    backend = await startBackend({ seed: 'users', env: { SIP_DOMAIN, SIP_WS_URL: `ws://127.0.0.1:${ports(1)}` } });
    stack = new TelephonyStack({
      offset: OFFSET,
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
      if (who === 'head') head = await RecordingSocket.connect(backend.url, l.token);
    }
    const pipelines = (await api.head.get('/api/pipelines')).body;
    stages = Object.fromEntries(pipelines[0].stages.map((s: any) => [s.name, s.id]));
    await stack.start();
  }, 90_000);

  afterAll(async () => {
    head?.close();
    await stack?.stopAgents();
    await stack?.stop();
    await backend?.destroy();
  });

  it('should ignore a forged, another Seller\'s, a deleted and a malformed deal id, and keep every other call flowing', async () => {
    const bobs = await api.bob.post('/api/deals', { title: 'Bob: private deal', stageId: stages['New'] });
    expect(bobs.status).toBe(201);
    const deleted = await api.alice.post('/api/deals', { title: 'Alice: deleted deal', stageId: stages['New'] });
    expect((await api.head.delete(`/api/deals/${deleted.body.id}`)).status).toBeLessThan(300);
    const before = await snapshot(bobs.body.id);

    const headers = [
      ['a random UUID', `X-Callboard-Deal: ${randomUUID()}`],
      ['Bob\'s deal', `X-Callboard-Deal: ${bobs.body.id}`],
      ['a deleted deal', `X-Callboard-Deal: ${deleted.body.id}`],
      ['a malformed id', `X-Callboard-Deal: ${bobs.body.id.slice(0, 30)}' OR 1=1`],
    ] as const;
    await stack.resetCrmBreaker();
    const carrier = runSipp({ scenario: 'uas-answer.xml', port: stack.port(50), controlPort: stack.port(51), durationMs: 50, calls: headers.length, timeoutSec: 60 });
    const alice = await agentOf('alice');
    await agentOf('bob', 'answer');
    const latencies: number[] = [];

    for (const [i, [what, header]] of headers.entries()) {
      // Alice's answered outbound call naming the deal (the default rules would move a named deal on answer)
      const out = await alice.dial(`+3620777${String(100 + i)}`, [header]);
      await waitFor(() => out.state === 'answered', `the carrier to answer (${what})`);
      await alice.hangup(out);
      await waitFor(async () => (await sql(`SELECT end_applied FROM calls WHERE sip_call_id = $1`, [out.callId]))[0]?.end_applied === true, `Alice's call (${what}) recorded`, 10_000);
      const row = (await sql(`SELECT deal_id, user_id, outcome FROM calls WHERE sip_call_id = $1`, [out.callId]))[0];
      expect({ what, row }).toEqual({ what, row: { deal_id: null, user_id: ids.alice, outcome: 'completed' } });

      // right after: a customer calls, Bob answers; the call becomes its deal as fast as ever
      const caller = `+3620555${String(1000 + i)}`;
      const t0 = Date.now();
      const inbound = runSipp({ target: stack.sipTarget, service: SALES_NUMBER, ...stack.sippPorts(), scenario: 'uac-call.xml', inject: [callerRow('Customer', caller)], durationMs: 200 });
      await head.waitFor('deal.created', (d) => d.title === `Call from ${caller}`, 10_000);
      latencies.push(Date.now() - t0);
      expect((await inbound.done).code).toBe(0);
    }
    expect((await carrier.done).code).toBe(0);

    // every inbound call became its deal in the usual time (before the fix: 2 s, 3 s, then over 5 s)
    process.stdout.write(`[forged-deal-header] INVITE → deal.created after each forged call: ${latencies.join(', ')} ms\n`);
    expect(latencies.filter((ms) => ms > 3000)).toEqual([]);
    // the named deal is exactly as it was: stage, owner, timeline, no rule ran, no call on it
    await new Api(backend.url, backend.env.PBX_SERVICE_TOKEN).post('/api/internal/automation/tick', {});
    expect(await snapshot(bobs.body.id)).toEqual(before);
    // each refusal is in the log with the call, the user and the reason
    expect(backend.output()).toContain(`X-Callboard-Deal ${bobs.body.id} from extension 1001 (user ${ids.alice}) ignored: the caller may not see that deal`);
    expect(backend.output()).toContain(`X-Callboard-Deal ${deleted.body.id} from extension 1001 (user ${ids.alice}) ignored: no such deal`);
    expect(backend.output()).not.toMatch(/call-events.*\b500\b/);
  });
});
