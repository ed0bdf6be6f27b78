import { SALES_NUMBER, TelephonyStack } from '../support/sip/stack';
import { callerRow, runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';

describe('inbound call to a sales number', () => {
  const stack = new TelephonyStack();

  beforeAll(async () => {
    await stack.start();
  });
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(async () => {
    await stack.stopAgents();
    stack.crm.routing = 'fail500';
  });

  it('should ring Alice and Bob, cancel Alice when Bob answers, and report one call when the trunk hangs up', async () => {
    stack.crm.routing = { groups: [{ extensions: ['1001', '1002'], timeoutSec: 20 }] };
    const alice = await stack.agent('1001');
    const bob = await stack.agent('1002');

    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Jane Caller', '+36201234567')],
      durationMs: 300,
    });
    const aliceCall = await alice.waitForCall();
    const bobCall = await bob.waitForCall();
    expect(aliceCall.callId).toBe(bobCall.callId);
    const callId = aliceCall.callId;

    await waitFor(() => stack.crm.eventsFor(callId).filter((e) => e.type === 'ringing').length === 2, 'two ringing events');
    await bob.answer(bobCall);

    const result = await sipp.done;
    expect(result.code).toBe(0);
    await waitFor(() => stack.crm.eventsFor(callId).some((e) => e.type === 'ended'), 'ended event');
    await waitFor(() => aliceCall.state === 'cancelled', 'Alice’s branch to be cancelled');

    const events = stack.crm.uniqueFor(callId);
    expect(events.map((e) => e.type).sort()).toEqual(['answered', 'ended', 'offered', 'ringing', 'ringing']);
    const offered = events.find((e) => e.type === 'offered');
    expect(offered).toMatchObject({ direction: 'inbound', from: '+36201234567', fromName: 'Jane Caller', to: SALES_NUMBER });
    expect(events.filter((e) => e.type === 'ringing').map((e) => (e as { extension: string }).extension).sort()).toEqual(['1001', '1002']);
    expect(events.find((e) => e.type === 'answered')).toMatchObject({ extension: '1002' });
    expect(events.find((e) => e.type === 'ended')).toMatchObject({ hangupBy: 'caller' });
    expect(stack.crm.routingQueries.at(-1)?.get('callId')).toBe(callId);
    expect(stack.crm.routingQueries.at(-1)?.get('from')).toBe('+36201234567');
  });
});
