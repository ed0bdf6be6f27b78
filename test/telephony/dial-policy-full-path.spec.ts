/* The dial policy with nothing stubbed (ADR 0009): sip.js agents registered with credentials the
 * REAL backend issued call out through Kamailio, which asks that backend's dial check; the carrier
 * is sipp with its message trace, so what it never received is asserted, not assumed. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { PORT_RANGES, portBlock } from '../support/sip/ports';
import { runSipp } from '../support/sip/sipp';
import { SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

const OFFSET = 200;

describe('dial policy end to end: phone → Kamailio → real backend’s dial check → carrier (or not)', () => {
  const ports = portBlock(OFFSET, PORT_RANGES.fullPath);
  let backend: StartedBackend;
  let stack: TelephonyStack;
  let head: Api;
  let alice: Api;

  /** The carrier: answers `calls` calls and waits for each BYE; `messages()` is everything it exchanged. */
  function carrier(calls: number) {
    const file = join(mkdtempSync(join(tmpdir(), 'cb-carrier-')), 'messages.log');
    const run = runSipp({
      scenario: 'uas-answer.xml',
      port: stack.port(50),
      controlPort: stack.port(51),
      calls,
      durationMs: 0,
      timeoutSec: 30,
      extra: ['-trace_msg', '-message_file', file],
    });
    return { ...run, messages: () => (existsSync(file) ? readFileSync(file, 'utf8') : '') };
  }

  async function agentOf(api: Api) {
    const res = await api.get('/api/telephony/credentials');
    expect(res.status).toBe(200);
    return stack.agentWithCredentials(res.body);
  }

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
    ({ api: head } = await anon.login('head@example.com'));
    ({ api: alice } = await anon.login('alice@example.com'));
    await stack.start();
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await backend?.destroy();
  });

  afterEach(async () => {
    await stack.stopAgents();
    await stack.resetCrmBreaker();
  });

  it('should refuse a premium-rate number and a foreign one with the reason, let a domestic one through, and list the refusals for the Head', async () => {
    const trunk = carrier(1);
    const phone = await agentOf(alice);
    const premium = await phone.dial('+3690123456');
    await waitFor(() => premium.refused, 'the premium-rate refusal');
    expect(premium.refused).toMatchObject({ statusCode: 403, reasonPhrase: 'Premium-rate numbers are blocked', refusal: 'special_service' });
    const abroad = await phone.dial('+442079460000');
    await waitFor(() => abroad.refused, 'the international refusal');
    expect(abroad.refused).toMatchObject({ statusCode: 403, reasonPhrase: 'International calls are not allowed' });

    const domestic = await phone.dial('+36301112233');
    await waitFor(() => domestic.state === 'answered', 'the domestic call to be answered');
    await phone.hangup(domestic);
    expect((await trunk.done).code).toBe(0);
    const trace = trunk.messages();
    expect((trace.match(/^INVITE sip:/gm) ?? []).length).toBe(1);
    expect(trace).toContain(domestic.callId);
    expect(trace).not.toContain('+3690123456');
    expect(trace).not.toContain('+442079460000');

    const { refusals } = (await head.get('/api/dial-policy')).body;
    expect(refusals.slice(0, 2)).toEqual([
      expect.objectContaining({ callId: abroad.callId, extension: '1001', reason: 'international_not_allowed' }),
      expect.objectContaining({ callId: premium.callId, extension: '1001', reason: 'special_service' }),
    ]);
  });

  it('should refuse every outbound call of a user deactivated while their phone still holds valid credentials', async () => {
    const trunk = carrier(1);
    const created = await head.post('/api/users', { email: 'leaver@example.com', name: 'Lee Leaver', role: 'seller', password: 'leaving-soon-1' });
    expect(created.status).toBe(201);
    const { api: leaver } = await new Api(backend.url).login('leaver@example.com', 'leaving-soon-1');
    const phone = await agentOf(leaver);
    expect((await head.patch(`/api/users/${created.body.id}`, { active: false })).status).toBe(200);

    const call = await phone.dial('+36301112244');
    await waitFor(() => call.refused, 'the refusal');
    expect(call.refused).toMatchObject({ statusCode: 403, reasonPhrase: 'This phone may not make calls', refusal: 'unknown_extension' });
    trunk.kill();
    await trunk.done;
    expect(trunk.messages()).toBe('');
  });
});
