// The keypad reaches the carrier as RFC 4733 telephone-events (issue 16, part 6): a sipp trunk
// does the SIP, its SDP's media point at a UDP receiver this test owns (sipp does not read
// received RTP), which decodes the events rtpengine relays from the browser. A trunk that offers
// no telephone-event gets SIP INFO instead.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, softphonePorts } from '../support/softphone/media-stack';
import { RtpEventReceiver } from '../support/softphone/rtp-event-receiver';

const PASSWORD = 'callboard';
const SCENARIOS = join(__dirname, 'scenarios');
// Its own port block (see docs/softphone.md): base + 5100.
const BASE = Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 5100;
const ports = softphonePorts(BASE);
const RECEIVER_PORT = BASE + 60;

const KEYS = ['1', '5', 'hash', 'star', '0'];
const DIGITS = ['1', '5', '#', '*', '0'];

/** The SDP of the first message sipp sent whose first line matches `startLine`, from its -trace_msg file. */
function sentSdp(messageFile: string, startLine: RegExp): string | null {
  if (!existsSync(messageFile)) return null;
  const block = readFileSync(messageFile, 'utf8')
    .split(/\n-{10,}[^\n]*\n/)
    .find((b) => /message sent/.test(b) && b.split('\n').some((l) => startLine.test(l.trim())));
  if (!block) return null;
  const sdp = block.indexOf('v=0');
  return sdp < 0 ? null : block.slice(sdp);
}

/** Audio SDP lines of the page's live peer connection: what the browser was given and answered. */
const browserSdps = (page: Page) =>
  page.evaluate(() => {
    const pc = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState !== 'closed');
    return { remote: pc?.remoteDescription?.sdp ?? '', local: pc?.localDescription?.sdp ?? '' };
  });

describe('softphone: RFC 4733 keypad (Chromium, Kamailio, rtpengine, sipp trunk, an RTP receiver)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  let receiver: RtpEventReceiver;
  const state = (s: string) => alice.locator(`[data-testid="softphone"][data-state="${s}"]`).waitFor({ timeout: 10_000 });

  beforeAll(async () => {
    await stack.start();
    browser = await launchSoftphoneBrowser();
    alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await state('ready');
  }, 90_000);

  beforeEach(async () => {
    receiver = await new RtpEventReceiver(RECEIVER_PORT).start();
  });

  afterEach(async () => {
    await receiver?.stop();
  });

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  /**
   * sipp for the trunk's SIP (`-trace_logs` for what the scenario logs, `-trace_msg` for the SDP it
   * sent), and, on failure, everything that explains it.
   */
  function trunk(scenario: string, sippOptions: { target?: string; service?: string; port: number; controlPort: number; inject?: string[][]; media: number }) {
    const dir = mkdtempSync(join(tmpdir(), 'cb-sipp-dtmf-'));
    const log = join(dir, 'trunk.log');
    const messages = join(dir, 'messages.log');
    const scenarioFile = join(dir, scenario);
    writeFileSync(scenarioFile, readFileSync(join(SCENARIOS, scenario), 'utf8').replaceAll('RTP_RECEIVER_PORT', String(RECEIVER_PORT)));
    const sipp: SippRun = runSipp({
      scenario: scenarioFile,
      ...sippOptions,
      extra: ['-mp', String(sippOptions.media), '-trace_logs', '-log_file', log, '-trace_msg', '-message_file', messages],
      timeoutSec: 60,
    });
    /** Lines the scenario logged (ANSWERED <call-id>, INFO <digit>). */
    const logged = (prefix: string) =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith(`${prefix} `))
            .map((l) => l.split(' ')[1]!)
        : [];
    const explain = async (e: unknown): Promise<never> => {
      sipp.kill();
      const { output } = await sipp.done;
      throw new Error(
        `${String(e)}\n--- receiver ---\n${JSON.stringify(receiver.summary())}\n--- trunk log ---\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-1500) : ''}\n--- sipp ---\n${output}`,
      );
    };
    return { sipp, logged, explain, sentSdp: (startLine: RegExp) => sentSdp(messages, startLine) };
  }

  /** A trunk call from `scenario` with its media at the receiver, answered in Alice's browser. */
  async function answeredTrunkCall(scenario: string) {
    const call = trunk(scenario, {
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [['Ivy Ivr', '+36209998877', String(RECEIVER_PORT)]],
      media: ports.sippUacMedia,
    });
    try {
      await alice.getByTestId('softphone-incoming').waitFor({ timeout: 10_000 });
      await alice.getByTestId('softphone-answer').click();
      await state('in_call');
      await waitFor(() => call.logged('ANSWERED').length === 1, 'the trunk’s ACK');
    } catch (e) {
      return call.explain(e);
    }
    return { ...call, offer: () => call.sentSdp(/^INVITE sip:/) };
  }

  /** Clicks the keypad's keys one after another, as fast as a person can't. */
  async function pressKeys() {
    await alice.getByTestId('softphone-keypad-toggle').click();
    for (const key of KEYS) await alice.getByTestId(`softphone-key-${key}`).click();
  }

  async function hangUp(call: { sipp: SippRun }) {
    await alice.getByTestId('softphone-hangup').click();
    await state('ready');
    expect((await call.sipp.done).code).toBe(0);
  }

  it('should send keypad digits as RFC 4733 telephone-events the trunk receives in order, and no SIP INFO, when the trunk offers telephone-event', async () => {
    const call = await answeredTrunkCall('uac-dtmf-rfc4733.xml');
    try {
      // the payload type is the one the trunk's own SDP gave (what actually went out)
      const offer = await waitFor(() => call.offer(), 'the trunk’s INVITE in the sipp message log');
      receiver.useSdp(offer);
      expect(receiver.summary().payloadType).toBe(101);
      // telephone-event/8000 negotiated on the browser leg: rtpengine offered it, Chromium kept it
      const sdps = await browserSdps(alice);
      expect(sdps.remote).toMatch(/a=rtpmap:101 telephone-event\/8000/);
      expect(sdps.local).toMatch(/a=rtpmap:101 telephone-event\/8000/);

      await pressKeys();
      const events = await receiver.waitForEvents(DIGITS.length, 15_000);
      console.log(JSON.stringify({ dtmf: receiver.summary(), events }));
      expect(events.map((e) => e.digit)).toEqual(DIGITS);
      for (const e of events) {
        // 100 ms tones at 8 kHz (at least 40 ms), each press its own event, the end sent more than once
        expect(e.duration).toBeGreaterThanOrEqual(320);
        expect(e.duration).toBeLessThanOrEqual(2 * 800);
        expect(e.packets).toBeGreaterThanOrEqual(2);
      }
      expect(new Set(events.map((e) => e.timestamp)).size).toBe(DIGITS.length);
      // the browser's audio reached the same receiver (the media really is the browser's stream)
      expect(receiver.payloadTypes.get(0) ?? 0).toBeGreaterThan(0);
      expect(receiver.summary().unfinished).toEqual([]);

      await hangUp(call);
      // every request the rep sent came before the BYE sipp has answered: no INFO among them
      expect(call.logged('INFO')).toEqual([]);
    } catch (e) {
      await call.explain(e);
    } finally {
      call.sipp.kill();
    }
  }, 60_000);

  it('should fall back to SIP INFO, in order, when the trunk offers no telephone-event', async () => {
    const call = await answeredTrunkCall('uac-dtmf-no-event.xml');
    try {
      const offer = await waitFor(() => call.offer(), 'the trunk’s INVITE in the sipp message log');
      expect(offer).not.toMatch(/telephone-event/);
      expect(() => receiver.useSdp(offer)).toThrow('offers no telephone-event');
      expect((await browserSdps(alice)).remote).not.toMatch(/telephone-event\/8000/);

      await pressKeys();
      await waitFor(() => call.logged('INFO').length >= DIGITS.length, 'five INFO at the trunk', 15_000);
      expect(call.logged('INFO')).toEqual(DIGITS);
      // the browser's audio arrives, and nothing but PCMU: no telephone-event the trunk did not agree to
      await waitFor(() => (receiver.payloadTypes.get(0) ?? 0) >= 50, 'browser audio at the trunk’s media port');
      expect([...receiver.payloadTypes.keys()]).toEqual([0]);

      await hangUp(call);
    } catch (e) {
      await call.explain(e);
    } finally {
      call.sipp.kill();
    }
  }, 60_000);
  it('should send keypad digits as RFC 4733 telephone-events on a click-to-call the carrier answers with PCMU and telephone-event 101', async () => {
    const { api } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD);
    const contact = await api.post('/api/contacts', { name: 'Bank Menu', phones: [{ number: '+3614445555' }] });
    expect(contact.status).toBe(201);
    const deal = await api.post('/api/deals', { title: 'IVR deal', contactId: contact.body.id });
    expect(deal.status).toBe(201);
    await alice.goto(`${stack.backend.url}/deals/${deal.body.id}`);
    await state('ready');
    const call = trunk('uas-dtmf-rfc4733.xml', { port: ports.sippUas, controlPort: ports.sippUasControl, media: ports.sippUasMedia });
    try {
      await alice.getByTestId('click-to-call').click();
      await state('in_call');
      await waitFor(() => call.logged('ANSWERED').length === 1, 'the carrier’s answer');
      // the browser offered telephone-event/8000 at 101 (Chromium's own 126, renumbered), rtpengine passed it
      // on, so the carrier's fixed 101 matches and rtpengine hands it back to the browser
      expect(call.logged('OFFERED')).toEqual(['101']);
      const sdps = await browserSdps(alice);
      expect(sdps.local).toMatch(/a=rtpmap:101 telephone-event\/8000/);
      expect(sdps.remote).toMatch(/a=rtpmap:101 telephone-event\/8000/);
      const answer = await waitFor(() => call.sentSdp(/^SIP\/2\.0 200 OK/), 'the carrier’s 200 OK in the sipp message log');
      receiver.useSdp(answer);
      expect(receiver.summary().payloadType).toBe(101);

      await pressKeys();
      const events = await receiver.waitForEvents(DIGITS.length, 15_000);
      console.log(JSON.stringify({ outboundDtmf: receiver.summary(), events }));
      expect(events.map((e) => e.digit)).toEqual(DIGITS);
      for (const e of events) expect(e.duration).toBeGreaterThanOrEqual(320);

      await hangUp(call);
      expect(call.logged('INFO')).toEqual([]);
    } catch (e) {
      await call.explain(e);
    } finally {
      call.sipp.kill();
    }
  }, 60_000);
});
