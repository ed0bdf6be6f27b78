import { callerRow, runSipp } from '../support/sip/sipp';
import { SALES_NUMBER, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

// The bridge checks the calls it saw open against Kamailio's real dialog list (JSON-RPC dlg.list)
// every 300 ms here (60 s by default). A live call must never be taken for a lost one: if the
// dialog list were misread, every call would be closed by the sweep while still up.
describe('the sweep of open calls against the real dialog list', () => {
  const stack = new TelephonyStack({ offset: 300, bridgeEnv: { BRIDGE_SWEEP_MS: '300', BRIDGE_SWEEP_GRACE_MS: '0' } });

  beforeAll(async () => {
    await stack.start();
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('should leave a live call open through several sweeps, and record its real end', async () => {
    const alice = await stack.agent('1001', 'answer');
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Sweep', '+36207778888')],
      durationMs: 3000,
    });
    const call = await alice.waitForCall();
    await waitFor(() => stack.crm.eventsFor(call.callId).some((e) => e.type === 'answered'), 'answered');
    const before = stack.bridge.count('open calls checked against the dialog list');
    await waitFor(() => stack.bridge.count('open calls checked against the dialog list') >= before + 3, 'three sweeps during the call', 5000);
    expect(stack.crm.eventsFor(call.callId).some((e) => e.type === 'ended')).toBe(false);
    expect(stack.bridge.count('call closed by the sweep')).toBe(0);

    expect((await sipp.done).code).toBe(0);
    const ended = await waitFor(() => stack.crm.eventsFor(call.callId).find((e) => e.type === 'ended'), 'the real end');
    expect((ended as { hangupBy?: string | null }).hangupBy).not.toBe('system');
    expect(stack.bridge.count('call closed by the sweep')).toBe(0);
  });
});
