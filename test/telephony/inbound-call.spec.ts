import { mintSipCredentials } from '../support/sip/credentials';
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
    await stack.resetCrmBreaker();
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

  it('should report missed (caller_cancelled) when the caller gives up while reps ring', async () => {
    const alice = await stack.agent('1001');
    const sipp = runSipp({
      scenario: 'uac-cancel.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow()],
      durationMs: 200,
    });
    const call = await alice.waitForCall();
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => stack.crm.eventsFor(call.callId).some((e) => e.type === 'missed'), 'missed event');
    await waitFor(() => call.state === 'cancelled', 'the ringing agent to be cancelled');
    const events = stack.crm.uniqueFor(call.callId);
    expect(events.map((e) => e.type)).toEqual(['offered', 'ringing', 'missed']);
    expect(events.at(-1)).toMatchObject({ reason: 'caller_cancelled' });
  });

  it('should answer 480 and report missed (nobody_available) when nobody is registered', async () => {
    const sipp = runSipp({
      scenario: 'uac-expect-480.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Nobody Home', '+36209999999')],
    });
    expect((await sipp.done).code).toBe(0);
    const missed = await waitFor(
      () => stack.crm.events.find((e) => e.type === 'missed' && e.reason === 'nobody_available'),
      'missed nobody_available',
    );
    expect(stack.crm.uniqueFor(missed.callId).map((e) => e.type)).toEqual(['offered', 'missed']);
  });

  it('should let a desk phone (sipp UAS registered with ephemeral credentials) answer', async () => {
    stack.crm.routing = { groups: [{ extensions: ['1003'], timeoutSec: 20 }] };
    const desk = stack.sippPorts();
    const uas = runSipp({ scenario: 'uas-answer.xml', ...desk, durationMs: 100, timeoutSec: 20 });
    const creds = mintSipCredentials(stack.secret, '1003');
    const reg = runSipp({
      scenario: 'register.xml',
      target: stack.sipTarget,
      ...stack.sippPorts(),
      inject: [['1003', String(desk.port), '300']],
      authUser: creds.username,
      authPassword: creds.password,
    });
    expect((await reg.done).code).toBe(0);

    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Desk Caller', '+36205550000')],
      durationMs: 200,
    });
    expect((await sipp.done).code).toBe(0);
    expect((await uas.done).code).toBe(0);
    const answered = await waitFor(
      () => stack.crm.events.find((e) => e.type === 'answered' && e.extension === '1003'),
      'answered by the desk phone',
    );
    await waitFor(() => stack.crm.eventsFor(answered.callId).some((e) => e.type === 'ended'), 'ended');
    expect(stack.crm.uniqueFor(answered.callId).map((e) => e.type)).toEqual(['offered', 'ringing', 'answered', 'ended']);

    // unregister the desk phone so later calls do not ring it
    const unreg = runSipp({
      scenario: 'register.xml',
      target: stack.sipTarget,
      ...stack.sippPorts(),
      inject: [['1003', String(desk.port), '0']],
      authUser: creds.username,
      authPassword: creds.password,
    });
    expect((await unreg.done).code).toBe(0);
  });

  it.each([
    ['answers 500', 'fail500' as const],
    ['hangs', 'hang' as const],
  ])('should still ring every registered extension when the CRM routing %s', async (_label, mode) => {
    stack.crm.routing = mode;
    const alice = await stack.agent('1001');
    const bob = await stack.agent('1002', { answerAfterMs: 50 });
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow()],
      durationMs: 100,
    });
    const a = await alice.waitForCall();
    await bob.waitForCall();
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => stack.crm.eventsFor(a.callId).some((e) => e.type === 'ended'), 'ended');
    expect(stack.crm.uniqueFor(a.callId).find((e) => e.type === 'answered')).toMatchObject({ extension: '1002' });
  });

  it('should ring the next group when the first group does not answer in its time', async () => {
    stack.crm.routing = {
      groups: [
        { extensions: ['1001'], timeoutSec: 1 },
        { extensions: ['1002'], timeoutSec: 20 },
      ],
    };
    const alice = await stack.agent('1001');
    const bob = await stack.agent('1002', 'answer');
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow()],
      durationMs: 100,
    });
    const a = await alice.waitForCall();
    expect(bob.calls).toHaveLength(0);
    await bob.waitForCall('the second group', 5000);
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => a.state === 'cancelled', 'Alice’s branch to time out');
    await waitFor(() => stack.crm.eventsFor(a.callId).some((e) => e.type === 'ended'), 'ended');
    expect(stack.crm.uniqueFor(a.callId).find((e) => e.type === 'answered')).toMatchObject({ extension: '1002' });
  });

  it('should report missed (busy) when the only rep is busy', async () => {
    stack.crm.routing = { groups: [{ extensions: ['1001'], timeoutSec: 20 }] };
    await stack.agent('1001', 'busy');
    const sipp = runSipp({
      scenario: 'uac-expect-486.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow()],
    });
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => stack.crm.events.find((e) => e.type === 'missed' && e.reason === 'busy'), 'missed busy');
  });

  it('should leave the caller one call and one answered event when two reps answer at the same instant', async () => {
    stack.crm.routing = { groups: [{ extensions: ['1001', '1002'], timeoutSec: 20 }] };
    const alice = await stack.agent('1001', 'answer');
    const bob = await stack.agent('1002', 'answer');
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Race', '+36207770000')],
      durationMs: 500,
    });
    const a = await alice.waitForCall();
    const b = await bob.waitForCall();
    const res = await sipp.done;
    if (res.code !== 0) console.log(res.output);
    expect(res.code).toBe(0);
    await waitFor(() => stack.crm.eventsFor(a.callId).some((e) => e.type === 'ended'), 'ended');
    // whoever lost was cancelled (CANCEL before its 200) or hung up by the SIP server (200 crossed the CANCEL)
    await waitFor(() => [a.state, b.state].every((st) => st === 'ended' || st === 'cancelled'), 'both legs to be closed', 5000);
    const answered = stack.crm.uniqueFor(a.callId).filter((e) => e.type === 'answered');
    expect(answered).toHaveLength(1);
    expect(stack.crm.uniqueFor(a.callId).filter((e) => e.type === 'ended')).toHaveLength(1);
  });

  it('should report hangupBy callee when the rep hangs up', async () => {
    const alice = await stack.agent('1001', 'answer');
    const sipp = runSipp({
      scenario: 'uac-call-callee-hangs-up.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow()],
    });
    const call = await alice.waitForCall();
    await waitFor(() => call.state === 'answered', 'the call to be answered');
    await alice.hangup(call);
    expect((await sipp.done).code).toBe(0);
    const ended = await waitFor(() => stack.crm.eventsFor(call.callId).find((e) => e.type === 'ended'), 'ended');
    expect(ended).toMatchObject({ hangupBy: 'callee' });
  });
});
