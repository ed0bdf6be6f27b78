import { mintSipCredentials } from '../support/sip/credentials';
import { startAgent } from '../support/sip/sip-agent';
import { callerRow, runSipp } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

describe('SIP server security and hostile input', () => {
  const stack = new TelephonyStack(100);

  beforeAll(async () => {
    await stack.start();
  });
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(async () => {
    await stack.stopAgents();
  });

  it('should refuse (403) an INVITE to a sales number from an address that is not the trunk', async () => {
    const before = stack.crm.events.length;
    const sipp = runSipp({
      scenario: 'uac-expect-403.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      localIp: '127.0.0.2',
      inject: [callerRow('Intruder', '+36200000001')],
    });
    expect((await sipp.done).code).toBe(0);
    expect(stack.crm.events.length).toBe(before);
  });

  it.each([
    ['a wrong password', (secret: string) => ({ ...mintSipCredentials(secret, '2001'), password: 'bm90LXRoZS1wYXNzd29yZA==' })],
    ['an expired credential', (secret: string) => mintSipCredentials(secret, '2001', -60)],
    ['another extension’s credential', (secret: string) => mintSipCredentials(secret, '2002')],
    ['a credential signed with another secret', () => mintSipCredentials('not-the-secret', '2001')],
  ])('should refuse a REGISTER with %s', async (_label, make) => {
    const creds = make(stack.secret);
    const agent = await startAgent(
      { extension: '2001', wsUrl: stack.wsUrl, domain: SIP_DOMAIN, secret: stack.secret, username: creds.username, password: creds.password },
      false,
    );
    try {
      expect(await agent.register()).toBe(false);
      expect([401, 403]).toContain(agent.registerStatus);
    } finally {
      await agent.stop();
    }
    const dump = JSON.stringify(await stack.kamailio.rpc('ul.dump'));
    expect(dump).not.toContain('"AoR":"2001"');
  });

  it('should refuse a desk phone REGISTER whose digest does not match', async () => {
    const sipp = runSipp({
      scenario: 'register-refused.xml',
      target: stack.sipTarget,
      ...stack.sippPorts(),
      inject: [['2003', '5999', '300']],
      authUser: `${Math.floor(Date.now() / 1000) + 600}:2003`,
      authPassword: 'wrong',
    });
    expect((await sipp.done).code).toBe(0);
  });

  it('should keep a display name with markup, quotes and escapes as capped text, next to an 8 KB header', async () => {
    const alice = await stack.agent('1001', { answerAfterMs: 20 });
    const hostile = '<script>alert(1)</script> \\"Boss\\" & <b>Co</b> ' + 'x'.repeat(400);
    const pad = `X-Padding: ${'p'.repeat(8 * 1024)}`;
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [[hostile, '+36201112222', pad]],
      durationMs: 50,
      extra: ['-t', 'u1'],
    });
    const call = await alice.waitForCall();
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => stack.crm.eventsFor(call.callId).some((e) => e.type === 'ended'), 'ended');
    const offered = stack.crm.eventsFor(call.callId).find((e) => e.type === 'offered');
    expect(offered?.type).toBe('offered');
    const name = offered?.type === 'offered' ? offered.fromName : null;
    expect(name?.startsWith('<script>alert(1)</script> "Boss" & <b>Co</b> xxx')).toBe(true);
    expect(name!.length).toBeLessThanOrEqual(200);
    expect(stack.crm.rejectedBodies).toHaveLength(0);
  });

  it('should send an authenticated extension’s call to an external number to the trunk', async () => {
    // the inbound calls above opened the CRM breaker (the stub's routing answers 500), and an
    // outbound call is never sent while it is open (ADR 0009)
    await stack.resetCrmBreaker();
    const carrier = runSipp({ scenario: 'uas-answer.xml', port: stack.port(50), controlPort: stack.port(51), durationMs: 50, timeoutSec: 15 });
    const alice = await stack.agent('1001');
    const dealId = '3f2b8c1e-8d4a-4c7e-9b1a-2f6e5d4c3b2a';
    const call = await alice.dial('+3620777888', [`X-Callboard-Deal: ${dealId}`]);
    await waitFor(() => call.state === 'answered', 'the carrier to answer');
    await alice.hangup(call);
    expect((await carrier.done).code).toBe(0);
    await waitFor(() => stack.crm.eventsFor(call.callId).some((e) => e.type === 'ended'), 'ended');
    const events = stack.crm.uniqueFor(call.callId);
    expect(events.map((e) => e.type)).toEqual(['offered', 'answered', 'ended']);
    expect(events[0]).toMatchObject({ direction: 'outbound', from: '1001', to: '+3620777888', extension: '1001', dealId });
    expect(events[1]).toMatchObject({ extension: null });
    expect(events[2]).toMatchObject({ hangupBy: 'caller' });
  });

  it('should refuse an outbound call from an unauthenticated caller', async () => {
    const sipp = runSipp({
      scenario: 'uac-expect-407.xml',
      target: stack.sipTarget,
      service: '+3620777888',
      ...stack.sippPorts(),
      localIp: '127.0.0.2',
      inject: [callerRow()],
    });
    expect((await sipp.done).code).toBe(0);
  });
});
