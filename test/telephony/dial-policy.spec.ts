import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callerRow, runSipp, type SippRun } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

/**
 * Toll fraud (ADR 0009): refused outbound calls, REFERs and forged in-dialog requests never reach
 * the carrier. The carrier is sipp with its message trace (-trace_msg); each test reads the trace.
 */
describe('dial policy on the SIP server', () => {
  const stack = new TelephonyStack(150);

  beforeAll(async () => {
    await stack.start();
  });
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(async () => {
    await stack.stopAgents();
    await stack.resetCrmBreaker();
    stack.crm.dialCheck = { allowed: true, maxConcurrent: 2 };
    stack.crm.referCheck = { allowed: false };
  });

  /** The carrier on the trunk's address: answers each call and waits for its BYE; `messages()` is all it exchanged. */
  function carrier(calls = 1): SippRun & { messages(): string } {
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

  /** INVITEs that reached the carrier (the trace shows what it received and what it sent). */
  const invitesIn = (trace: string) => (trace.match(/^INVITE sip:/gm) ?? []).length;

  it.each([
    ['a premium-rate number', '+3690123456', { allowed: false as const, reason: 'special_service' as const, message: 'Premium-rate numbers are blocked' }],
    ['a country not allowed', '+442079460000', { allowed: false as const, reason: 'international_not_allowed' as const, message: 'International calls are not allowed' }],
  ])('should answer 403 with the reason to %s, and send nothing to the carrier', async (_label, number, answer) => {
    const trunk = carrier();
    stack.crm.dialCheck = answer;
    const alice = await stack.agent('1001');
    const call = await alice.dial(number);
    await waitFor(() => call.refused, 'the refusal');
    expect(call.refused).toEqual({ statusCode: 403, reasonPhrase: answer.message, warning: `399 callboard "${answer.message}"`, refusal: answer.reason });
    const asked = stack.crm.dialChecks.find((q) => q.get('callId') === call.callId);
    expect(asked && Object.fromEntries(asked)).toEqual({ callId: call.callId, extension: '1001', to: number });
    expect(stack.crm.eventsFor(call.callId)).toEqual([]);

    // the same phone's allowed call does reach the carrier: the trace is live
    stack.crm.dialCheck = { allowed: true, maxConcurrent: 2 };
    const allowed = await alice.dial('+3613334444');
    await waitFor(() => allowed.state === 'answered', 'the allowed call to be answered');
    await alice.hangup(allowed);
    expect((await trunk.done).code).toBe(0);
    const trace = trunk.messages();
    expect(trace).toContain(allowed.callId);
    expect(trace).not.toContain(call.callId);
    expect(trace).not.toContain(number);
  });

  it.each([
    ['answers 500', 'fail500' as const],
    ['does not answer in time', 'hang' as const],
    ['answers something that is not a verdict', 'garbage' as const],
    ['answers a body that is not JSON', 'notjson' as const],
  ])('should answer 503 and send nothing to the carrier when the CRM %s', async (_label, mode) => {
    const trunk = carrier();
    stack.crm.dialCheck = mode;
    const alice = await stack.agent('1001');
    const call = await alice.dial('+3613334444');
    await waitFor(() => call.refused, 'the refusal', 5000);
    expect(call.refused?.statusCode).toBe(503);
    // the breaker (opened by a failure) also refuses without asking
    const second = await alice.dial('+3613335555');
    await waitFor(() => second.refused, 'the second refusal', 5000);
    expect(second.refused?.statusCode).toBe(503);
    trunk.kill();
    await trunk.done;
    expect(invitesIn(trunk.messages())).toBe(0);
  });

  it('should refuse (403 Too many calls) a call over the per-user limit, and allow one again when a call ends', async () => {
    const trunk = carrier(4);
    stack.crm.dialCheck = { allowed: true, maxConcurrent: 2 };
    const alice = await stack.agent('1001');
    const bob = await stack.agent('1002');
    const first = await alice.dial('+3613330001');
    const second = await alice.dial('+3613330002');
    await waitFor(() => first.state === 'answered' && second.state === 'answered', 'two calls up');
    const third = await alice.dial('+3613330003');
    await waitFor(() => third.refused, 'the refusal');
    expect(third.refused).toMatchObject({ statusCode: 403, reasonPhrase: 'Too many calls', refusal: 'too_many_calls' });
    // the limit is per extension: Bob still calls out
    const bobs = await bob.dial('+3613330004');
    await waitFor(() => bobs.state === 'answered', 'Bob’s call up');
    await bob.hangup(bobs);
    await alice.hangup(first);
    await waitFor(() => first.state === 'ended', 'the first call to end');

    // one of Alice's calls ended: she is under her limit again
    const fourth = await alice.dial('+3613330005');
    await waitFor(() => fourth.state === 'answered', 'a call after one ended');
    await alice.hangup(fourth);
    await alice.hangup(second);
    expect((await trunk.done).code).toBe(0);
    expect(invitesIn(trunk.messages())).toBe(4);
    expect(trunk.messages()).not.toContain(third.callId);
  });

  describe('REFER inside a call from the carrier', () => {
    /** The carrier calls the sales number, Alice answers: the carrier's trace and Alice's call. */
    async function callFromCarrier() {
      const file = join(mkdtempSync(join(tmpdir(), 'cb-carrier-')), 'messages.log');
      const alice = await stack.agent('1001', 'answer');
      stack.crm.routing = { groups: [{ extensions: ['1001'], timeoutSec: 30 }] };
      const trunk = runSipp({
        scenario: 'uac-call-callee-hangs-up.xml',
        target: stack.sipTarget,
        service: SALES_NUMBER,
        ...stack.sippPorts(),
        inject: [callerRow('Carrier', '+36205550000')],
        extra: ['-trace_msg', '-message_file', file],
      });
      const call = await alice.waitForCall();
      await waitFor(() => call.state === 'answered', 'Alice to answer');
      return { alice, call, trunk, messages: () => readFileSync(file, 'utf8') };
    }

    it('should refuse a REFER to an external number, to a sales number without a valid token, or when the CRM cannot say, and relay none', async () => {
      const { alice, call, trunk, messages } = await callFromCarrier();
      const token = 'Tk0123456789abcdefghijkl';

      expect(await alice.refer(call, `sip:+19005550123@${SIP_DOMAIN}`)).toMatchObject({ statusCode: 403, reasonPhrase: 'Transfer Target Not Allowed' });
      expect(await alice.refer(call, `sip:+19005550123@203.0.113.9?X-Callboard-Transfer=${token}`)).toMatchObject({ statusCode: 403 });
      expect(await alice.refer(call, `sip:${SALES_NUMBER}@${SIP_DOMAIN}`)).toMatchObject({ statusCode: 403 });
      expect(await alice.refer(call, `sip:1002@${SIP_DOMAIN}`)).toMatchObject({ statusCode: 403 });
      // a token the CRM does not confirm for this call
      expect(await alice.refer(call, `sip:${SALES_NUMBER}@${SIP_DOMAIN}?X-Callboard-Transfer=${token}`)).toMatchObject({ statusCode: 403 });
      const asked = stack.crm.referChecks.at(-1)!;
      expect(Object.fromEntries(asked)).toEqual({ callId: call.callId, token, user: SALES_NUMBER });
      stack.crm.referCheck = 'fail500';
      expect(await alice.refer(call, `sip:${SALES_NUMBER}@${SIP_DOMAIN}?X-Callboard-Transfer=${token}`)).toMatchObject({ statusCode: 503 });

      await alice.hangup(call);
      expect((await trunk.done).code).toBe(0);
      expect(messages()).not.toMatch(/^REFER /m);
    });

    it('should relay a REFER whose token the CRM confirms for this call', async () => {
      const { alice, call, trunk, messages } = await callFromCarrier();
      stack.crm.referCheck = (q) => ({ allowed: q.get('callId') === call.callId });
      const token = 'Tk0123456789abcdefghijkl';
      // the carrier's scenario does not expect a REFER: whatever it answers, the REFER reached it
      void alice.refer(call, `sip:${SALES_NUMBER}@${SIP_DOMAIN}?X-Callboard-Transfer=${token}`).catch(() => undefined);
      await waitFor(() => /^REFER /m.test(messages()), 'the REFER at the carrier');
      expect(messages()).toContain(`X-Callboard-Transfer=${token}`);
      trunk.kill();
      await trunk.done;
    });

    it('should relay a REFER with Replaces to a registered team extension only with a token, telling the CRM who the named dialog is between (attended transfer)', async () => {
      const bob = await stack.agent('1002', 'answer');
      expect(bob.registerResult).toBe('registered');
      const { alice, call, trunk, messages } = await callFromCarrier();
      // the consult call: Alice (1001) calls Bob (1002), extension to extension
      const consult = await alice.dial('1002');
      await waitFor(() => consult.state === 'answered', 'the consult call up');
      const dialog = (consult.session as { dialog: { callId: string; localTag: string; remoteTag: string } }).dialog;
      const replacesOf = (callId: string) => `Replaces=${encodeURIComponent(`${callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`)}`;
      const token = 'Tk0123456789abcdefghijkl';
      const asked = stack.crm.referChecks.length;
      // no token, or an extension nobody registered: refused here, the CRM is not even asked
      expect(await alice.refer(call, `sip:1002@${SIP_DOMAIN}?${replacesOf(dialog.callId)}`)).toMatchObject({ statusCode: 403 });
      expect(await alice.refer(call, `sip:1003@${SIP_DOMAIN}?${replacesOf(dialog.callId)}&X-Callboard-Transfer=${token}`)).toMatchObject({ statusCode: 403 });
      // a Replaces toward a number that is not a team extension
      expect(await alice.refer(call, `sip:+3612223344@${SIP_DOMAIN}?${replacesOf(dialog.callId)}&X-Callboard-Transfer=${token}`)).toMatchObject({ statusCode: 403 });
      expect(stack.crm.referChecks).toHaveLength(asked);

      // a Replaces naming a dialog this server does not know: the CRM hears "no consult" and refuses
      stack.crm.referCheck = (q) => ({ allowed: q.get('consult') === '1001:1002' });
      expect(await alice.refer(call, `sip:1002@${SIP_DOMAIN}?${replacesOf('no-such-dialog-0123')}&X-Callboard-Transfer=${token}`)).toMatchObject({ statusCode: 403 });
      expect(Object.fromEntries(stack.crm.referChecks.at(-1)!)).toEqual({ callId: call.callId, token, user: '1002', replaces: 'no-such-dialog-0123', consult: '' });

      // the consult dialog: the CRM hears who it is between, and the REFER reaches the carrier
      void alice.refer(call, `sip:1002@${SIP_DOMAIN}?${replacesOf(dialog.callId)}&X-Callboard-Transfer=${token}`).catch(() => undefined);
      await waitFor(() => /^REFER /m.test(messages()), 'the REFER at the carrier');
      expect(Object.fromEntries(stack.crm.referChecks.at(-1)!)).toEqual({ callId: call.callId, token, user: '1002', replaces: dialog.callId, consult: '1001:1002' });
      expect(messages()).toMatch(/^Refer-To: <?sip:1002@callboard\.test\?Replaces=[^&]+&X-Callboard-Transfer=/m);
      await alice.hangup(consult);
      trunk.kill();
      await trunk.done;
    });
  });

  it('should keep to the limit when two phones of one person send a burst of INVITEs at once', async () => {
    const trunk = carrier(2);
    stack.crm.dialCheck = { allowed: true, maxConcurrent: 2 };
    // two connections (a browser and a desk phone, say): two SIP workers count at the same time
    const phones = [await stack.agent('1001'), await stack.agent('1001')];
    const dialled = await Promise.all(
      ['+3613331001', '+3613331002', '+3613331003', '+3613331004', '+3613331005', '+3613331006'].map((n, i) =>
        phones[i % 2]!.dial(n).then((call) => ({ call, phone: phones[i % 2]! })),
      ),
    );
    const calls = dialled.map((d) => d.call);
    await waitFor(() => calls.every((c) => c.state === 'answered' || c.refused), 'every call answered or refused');
    const up = dialled.filter((d) => d.call.state === 'answered');
    expect(up).toHaveLength(2);
    expect(calls.filter((c) => c.refused).map((c) => c.refused!.reasonPhrase)).toEqual(Array(4).fill('Too many calls'));
    for (const { call, phone } of up) await phone.hangup(call);
    expect((await trunk.done).code).toBe(0);
    expect(invitesIn(trunk.messages())).toBe(2);
  });

  it('should still relay in-dialog requests of an extension-to-extension call (its dialog is known too)', async () => {
    const alice = await stack.agent('1001');
    const bob = await stack.agent('1002', 'answer');
    const call = await alice.dial('1002');
    await waitFor(() => call.state === 'answered', 'Bob to answer');
    const bobs = await bob.waitForCall();
    await alice.hangup(call);
    await waitFor(() => bobs.state === 'ended', 'Alice’s BYE to reach Bob');
    expect(stack.crm.dialChecks.some((q) => q.get('callId') === call.callId)).toBe(false);
  });

  it('should answer 404 to a forged in-dialog re-INVITE and BYE and relay nothing to the carrier', async () => {
    const trunk = carrier();
    const forged = runSipp({
      scenario: 'uac-forged-in-dialog.xml',
      target: stack.sipTarget,
      ...stack.sippPorts(),
      inject: [[`sip:+19005550123@127.0.0.1:${stack.port(50)}`]],
    });
    const forgedDone = await forged.done;
    if (forgedDone.code !== 0) process.stderr.write(forgedDone.output);
    expect(forgedDone.code).toBe(0);
    trunk.kill();
    await trunk.done;
    expect(trunk.messages()).toBe('');
  });
});
