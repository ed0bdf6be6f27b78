import { callerRow, runSipp } from '../support/sip/sipp';
import { SALES_NUMBER, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

const types = (events: { type: string }[]) => events.map((e) => e.type).sort();

describe('no call event is lost when a component fails', () => {
  const stack = new TelephonyStack(200);

  beforeAll(async () => {
    await stack.start();
  });
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(async () => {
    await stack.stopAgents();
    stack.crm.sinkMode = 'ok';
  });

  it('should deliver every event of a call when the bridge is killed mid-call and restarted', async () => {
    const alice = await stack.agent('1001', 'answer');
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow()],
      durationMs: 400,
    });
    const call = await alice.waitForCall();
    await waitFor(() => stack.crm.eventsFor(call.callId).some((e) => e.type === 'answered'), 'answered');
    await stack.bridge.kill();

    // the call ends while nobody listens on evapi: Kamailio keeps the event in its outbox
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => call.state === 'ended', 'the agent to see the BYE');
    // and a whole second call happens while the bridge is down
    const second = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Second', '+36203334444')],
      durationMs: 50,
    });
    const call2 = await alice.waitForCall('a second call', 10_000, 1);
    expect((await second.done).code).toBe(0);
    expect(stack.crm.eventsFor(call.callId).some((e) => e.type === 'ended')).toBe(false);

    await stack.bridge.start();
    await waitFor(() => stack.crm.uniqueFor(call2.callId).length === 4, 'the second call’s four events');
    await waitFor(() => stack.crm.uniqueFor(call.callId).length === 4, 'the first call’s four events');
    expect(types(stack.crm.uniqueFor(call.callId))).toEqual(['answered', 'ended', 'offered', 'ringing']);
    expect(types(stack.crm.uniqueFor(call2.callId))).toEqual(['answered', 'ended', 'offered', 'ringing']);
  });

  it('should deliver every event of a burst of calls once the CRM comes back', async () => {
    stack.crm.sinkMode = 'fail500';
    await stack.agent('1001', 'answer');
    const calls = 12;
    const firstCaller = 36209000000;
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: Array.from({ length: calls }, (_, i) => callerRow(`Burst ${i}`, `+${firstCaller + i}`)),
      calls,
      rate: 20,
      durationMs: 50,
      extra: ['-l', '6'],
    });
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => stack.bridge.count('CRM delivery failed, will retry') >= 2, 'the bridge to retry');
    const delivered = stack.crm.events.length;

    stack.crm.sinkMode = 'ok';
    const burst = () => stack.crm.events.filter((e) => e.type === 'offered' && e.from.startsWith('+362090'));
    await waitFor(() => burst().length === calls, `${calls} offered events`, 15_000);
    for (const offered of burst()) {
      await waitFor(
        () => stack.crm.uniqueFor(offered.callId).length === 4,
        `four events for ${offered.callId}`,
        15_000,
      );
      expect(types(stack.crm.uniqueFor(offered.callId))).toEqual(['answered', 'ended', 'offered', 'ringing']);
    }
    expect(stack.crm.events.length).toBeGreaterThan(delivered);
  });

  it('should close a call with ended (system) when Kamailio restarts mid-call', async () => {
    const alice = await stack.agent('1001', 'answer');
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Restart', '+36205556666')],
      durationMs: 30_000,
    });
    const call = await alice.waitForCall();
    await waitFor(() => stack.crm.eventsFor(call.callId).some((e) => e.type === 'answered'), 'answered');

    await stack.kamailio.stop();
    await stack.startKamailio();
    const ended = await waitFor(
      () => stack.crm.eventsFor(call.callId).find((e) => e.type === 'ended'),
      'the bridge to reconcile the call',
      15_000,
    );
    expect(ended).toMatchObject({ hangupBy: 'system' });
    expect(stack.bridge.count('call closed by reconciliation')).toBeGreaterThanOrEqual(1);
    sipp.kill();
  });
});
