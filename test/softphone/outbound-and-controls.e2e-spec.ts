import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { audioStats, launchSoftphoneBrowser, micStats, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { queryLegs } from '../support/softphone/rtpengine';

const PASSWORD = 'callboard';

/** Negotiated direction of each audio transceiver of the page's live peer connections. */
const directions = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getTransceivers().map((t) => t.currentDirection)),
  );
const CALLEE = '+36301112222';

// Its own port block, so it can run beside inbound-audio (which takes base..base+299).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 300);

describe('softphone: click-to-call from a deal, hold, mute and DTMF (Chromium, Kamailio, rtpengine, sipp carrier)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  let api: Api;
  let dealId: string;
  let callId: string;
  let carrier: SippRun;
  const carrierLog = join(mkdtempSync(join(tmpdir(), 'cb-sipp-log-')), 'carrier.log');
  /** Lines the carrier scenario logged (ANSWERED, DIR <direction>, DTMF <digit>). */
  const logged = (prefix: string) =>
    existsSync(carrierLog)
      ? readFileSync(carrierLog, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith(`${prefix} `))
          .map((l) => l.split(' ')[1]!)
      : [];
  const state = (s: string) => alice.locator(`[data-testid="softphone"][data-state="${s}"]`).waitFor({ timeout: 10_000 });

  beforeAll(async () => {
    await stack.start();
    ({ api } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD));
    const contact = await api.post('/api/contacts', { name: 'Dora Callee', phones: [{ number: CALLEE }] });
    expect(contact.status).toBe(201);
    const deal = await api.post('/api/deals', { title: 'Outbound deal', contactId: contact.body.id });
    expect(deal.status).toBe(201);
    dealId = deal.body.id;
    // a presence set elsewhere before this page loads: the select must show it
    expect((await api.request('PUT', '/api/telephony/presence', { presence: 'busy' })).status).toBe(200);
    browser = await launchSoftphoneBrowser();
    alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await alice.goto(`${stack.backend.url}/deals/${dealId}`);
    await alice.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 15_000 }).catch(async (e) => {
      const body = await alice.evaluate(() => document.body.innerText.slice(0, 500));
      throw new Error(`${String(e)}: at ${alice.url()}: ${body}`);
    });
    carrier = runSipp({
      scenario: scenarioWithAudio('uas-audio-controls.xml', writeUlawTone(2)),
      port: ports.sippUas,
      controlPort: ports.sippUasControl,
      extra: ['-mp', String(ports.sippUasMedia), '-trace_logs', '-log_file', carrierLog],
      timeoutSec: 90,
    });
  }, 90_000);

  afterAll(async () => {
    carrier?.kill();
    await browser?.close();
    await stack.stop();
  }, 30_000);

  const rtpengineWarnings = () =>
    readFileSync(join(stack.rtpengine.runDir, 'rtpengine.log'), 'utf8')
      .split('\n')
      .filter((l) => /ERR|WARN|error/i.test(l))
      .slice(-30)
      .join('\n');

  /** On failure, sipp's own words help more than a timeout. */
  async function explain<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      const log = existsSync(carrierLog) ? readFileSync(carrierLog, 'utf8') : '(no log)';
      throw new Error(`${String(e)}\n--- carrier log ---\n${log.slice(-2000)}`);
    }
  }

  it('should call the deal’s contact from the deal page through the trunk with audio both ways', () =>
    explain(async () => {
      const presence = alice.getByTestId('softphone-presence');
      await waitFor(async () => (await presence.inputValue()) === 'busy', 'the stored presence in the select');
      const button = alice.getByTestId('click-to-call');
      expect(await button.getAttribute('data-number')).toBe(CALLEE);
      await button.click();
      await state('in_call');
      callId = (await alice.getByTestId('softphone-incall').getAttribute('data-call-id'))!;
      expect(callId).toBeTruthy();
      expect(logged('ANSWERED')).toEqual([callId]);
      // on_call is the server's (the call's answer reaches it through the bridge), not a local guess
      await waitFor(async () => (await presence.inputValue()) === 'on_call', 'on_call from the server in the select');

      const browserStats = await waitFor(
        async () => {
          const s = await audioStats(alice);
          return s.received >= 100 && s.sent >= 100 ? s : null;
        },
        'two-way RTP in Alice’s browser',
        15_000,
      );
      const { legs, totalErrors, beforeDtls, unexpectedErrors, raw } = await queryLegs(stack.rtpengine, callId);
      const trunk = legs.find((l) => l.tag.includes('uas'));
      const browserLeg = legs.find((l) => l !== trunk && l.received > 0);
      if (!trunk || !browserLeg) throw new Error(`legs not found: ${JSON.stringify(raw)}`);
      console.log(JSON.stringify({ outbound: { browserStats, legs, totalErrors, beforeDtls } }));
      // carrier → browser
      expect(trunk.received).toBeGreaterThanOrEqual(100);
      expect(browserStats.received).toBeGreaterThanOrEqual(0.8 * trunk.received);
      // browser → carrier
      expect(browserLeg.received).toBeGreaterThanOrEqual(0.8 * browserStats.sent);
      if (totalErrors) console.log(rtpengineWarnings());
      expect(unexpectedErrors).toBe(0);
    }),
  30_000);

  it('should put the carrier on hold (re-INVITE a=sendonly) and resume it (a=sendrecv)', () =>
    explain(async () => {
      await alice.getByTestId('softphone-hold').click();
      await state('on_hold');
      expect(await alice.getByTestId('softphone-hold').getAttribute('aria-pressed')).toBe('true');
      await waitFor(() => logged('DIR').length === 1, 'the hold re-INVITE at the carrier');
      expect(logged('DIR')).toEqual(['sendonly']);
      // the carrier's recvonly answer came back through rtpengine: the browser only sends
      expect(await directions(alice)).toEqual(['sendonly']);

      await alice.getByTestId('softphone-hold').click();
      await state('in_call');
      await waitFor(() => logged('DIR').length === 2, 'the resume re-INVITE at the carrier');
      expect(logged('DIR')).toEqual(['sendonly', 'sendrecv']);
      expect(await directions(alice)).toEqual(['sendrecv']);
      // media flows again after the resume
      const before = await audioStats(alice);
      await waitFor(async () => (await audioStats(alice)).received >= before.received + 25, 'audio from the carrier after resume');
    }),
  30_000);

  it('should send no microphone signal while muted and send it again after unmute', () =>
    explain(async () => {
      const mute = alice.getByTestId('softphone-mute');
      /** Microphone energy captured over the next 25 RTP packets (half a second). */
      const energyOver25Packets = async () => {
        const start = await micStats(alice);
        const end = await waitFor(async () => {
          const s = await micStats(alice);
          return s.sent >= start.sent + 25 ? s : null;
        }, '25 more RTP packets from the browser');
        return end.energy - start.energy;
      };
      const live = await energyOver25Packets();

      await mute.click();
      expect(await mute.getAttribute('aria-pressed')).toBe('true');
      expect((await micStats(alice)).enabled).toEqual([false]);
      await energyOver25Packets(); // what was in flight
      const muted = await energyOver25Packets();
      console.log(JSON.stringify({ mute: { live, muted } }));
      // packets go on (PCMU has no DTX) but carry no signal
      expect(live).toBeGreaterThan(0);
      expect(muted).toBeLessThan(0.05 * live);

      await mute.click();
      expect(await mute.getAttribute('aria-pressed')).toBe('false');
      expect((await micStats(alice)).enabled).toEqual([true]);
      const unmuted = await micStats(alice);
      await waitFor(async () => (await micStats(alice)).energy > unmuted.energy, 'microphone energy after unmute');
    }),
  30_000);

  // The carrier answers telephone-event at 101, the number the browser offered it at: the keypad uses RFC 4733
  // (decoded at the carrier in dtmf-rfc4733.e2e-spec); here, that the browser plays them and sends no INFO.
  it('should send keypad digits in the RTP stream (RFC 4733), not as SIP INFO, when the answer has telephone-event', () =>
    explain(async () => {
      const remote = () =>
        alice.evaluate(() =>
          (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
            .filter((pc) => pc.connectionState !== 'closed')
            .map((pc) => ({ sdp: pc.remoteDescription?.sdp ?? '', queued: pc.getSenders()[0]?.dtmf?.toneBuffer ?? null })),
        );
      const [before] = await remote();
      expect(before?.sdp).toMatch(/a=rtpmap:101 telephone-event\/8000/);
      await alice.getByTestId('softphone-keypad-toggle').click();
      for (const key of ['1', '5', 'hash', 'star', '0']) await alice.getByTestId(`softphone-key-${key}`).click();
      // queued in the browser's DTMF sender, played out in ≈1 s (100 ms tones, 70 ms gaps)
      await waitFor(async () => (await remote())[0]?.queued === '', 'the DTMF sender’s queue played out');
      // checked again after the hang-up (the next test): no INFO reached the carrier
      expect(logged('DTMF')).toEqual([]);
    }),
  30_000);

  it('should log the call on the deal with outcome and duration after hang-up, and keep the chosen presence', () =>
    explain(async () => {
      await alice.getByTestId('softphone-hangup').click();
      await state('ready');
      const presence = alice.getByTestId('softphone-presence');
      await waitFor(async () => (await presence.inputValue()) === 'busy', 'the chosen presence back from the server');
      const result = await carrier.done;
      expect(result.code).toBe(0);
      // the keypad's digits went in the RTP stream: every request before the BYE was logged, none an INFO
      expect(logged('DTMF')).toEqual([]);

      const event = await waitFor(
        async () => {
          const res = await api.get(`/api/deals/${dealId}/events`);
          return (res.body as Array<{ type: string; data: Record<string, unknown> }>).find((e) => e.type === 'call' && e.data.callId === callId);
        },
        'the call on the deal’s timeline',
      );
      expect(event.data).toMatchObject({ direction: 'outbound', to: CALLEE, outcome: 'completed' });
      expect(event.data.durationSec).toEqual(expect.any(Number));
      expect(event.data.durationSec as number).toBeGreaterThanOrEqual(1);

      const calls = await api.get('/api/calls?kind=outbound');
      expect(calls.status).toBe(200);
      const row = (calls.body as Array<Record<string, unknown>>).find((c) => c.sipCallId === callId);
      expect(row).toMatchObject({ direction: 'outbound', dealId, toNumber: CALLEE, outcome: 'completed', durationSec: event.data.durationSec });

      // presence chosen in the select is saved
      await presence.selectOption('available');
      await waitFor(async () => (await api.get('/api/auth/me')).body.presence === 'available', 'presence saved as available');
    }),
  30_000);

  it('should show why the phone server refused a call to a premium-rate number (dial policy), and the Head sees the refusal', () =>
    explain(async () => {
      const premium = '+3690123456';
      const contact = await api.post('/api/contacts', { name: 'Premium Line', phones: [{ number: premium }] });
      const deal = await api.post('/api/deals', { title: 'Premium deal', contactId: contact.body.id });
      await alice.goto(`${stack.backend.url}/deals/${deal.body.id}`);
      await state('ready');
      await alice.getByTestId('click-to-call').click();
      const refused = alice.getByTestId('softphone-call-refused');
      await refused.waitFor({ timeout: 10_000 });
      expect(await refused.innerText()).toBe('Premium-rate numbers are blocked');
      await state('ready');

      const { api: head } = await new Api(stack.backend.url).login('head@example.com', PASSWORD);
      const policy = await head.get('/api/dial-policy');
      expect(policy.body.refusals[0]).toMatchObject({ extension: '1001', destination: premium, reason: 'special_service', userName: 'Alice Seller' });
    }),
  30_000);
});
