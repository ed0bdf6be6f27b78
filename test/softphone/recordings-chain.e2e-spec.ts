import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { dominant, fakeMicrophone, readWav, toneShare } from '../support/recording/audio';
import { startBaresip, type Baresip } from '../support/sip/baresip';
import { runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, SIP_DOMAIN, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';

// Issue 16's recordings from the policy to the file a rep plays, with every real part: a Head sets
// "every call"; a carrier call (sipp playing 1 kHz) through Kamailio and rtpengine is answered in
// Chromium (fake microphone 600 Hz) or by a baresip desk phone (440 Hz). The backend starts the
// recording at the answer (rtpengine, notice first), its spool watcher turns rtpengine's pcap into
// a two-channel WAV and stores it on the call; the test downloads it through the API as the rep
// and checks each channel's tone, then the conversation figures computed from it.

const PORTS = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 6300);
const CARRIER_HZ = 1000;
const BROWSER_HZ = 600;
const DESK_HZ = 440;
const RATE = 8000;
const TONES = [CARRIER_HZ, BROWSER_HZ, DESK_HZ];
/** The English notice is ~2 s; the parties are blocked until it ends. */
const NOTICE_SEC = 3;


describe('softphone: every call recorded by policy, stored on the call, played back by its rep', () => {
  const recordingsDir = mkdtempSync(join(tmpdir(), 'cb-recordings-'));
  const stack = new MediaStack(PORTS, undefined, { RTPENGINE_NG: `127.0.0.1:${PORTS.ng}`, RECORDINGS_DIR: recordingsDir }, join(recordingsDir, 'spool'));
  let browser: SoftphoneBrowser;
  let bob: Page;
  let head: Api;
  const scenario = scenarioWithAudio('uac-audio.xml', writeUlawTone(12, CARRIER_HZ));

  beforeAll(async () => {
    await stack.start();
    head = (await new Api(stack.backend.url).login('head@example.com')).api;
    const settings = await head.get('/api/recordings/settings');
    expect(settings.body.available).toBe(true);
    const put = await head.request('PUT', '/api/recordings/settings', { defaultPolicy: 'every_call', pipelines: [], numbers: [], retentionDays: settings.body.retentionDays });
    expect(put.status).toBe(200);
    browser = await launchSoftphoneBrowser([`--use-file-for-fake-audio-capture=${fakeMicrophone(BROWSER_HZ)}`]);
    bob = await browser.login(stack.backend.url, 'bob@example.com', 'callboard');
    await bob.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 15_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  const carrierCall = (n: number) =>
    runSipp({
      scenario,
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: PORTS.sippUac,
      controlPort: PORTS.sippUacControl,
      inject: [['Carol Customer', `+3620123457${n}`]],
      extra: ['-mp', String(PORTS.sippUacMedia)],
      timeoutSec: 60,
    });

  /** The call's stored recording, downloaded as `rep` through the API (a ranged request first). */
  async function storedRecording(rep: Api, sipCallId: string) {
    const state = await waitFor(
      async () => {
        const res = await rep.get(`/api/recordings?sipCallIds=${encodeURIComponent(sipCallId)}`);
        const s = (res.body as any[]).find((x) => x.sipCallId === sipCallId);
        if (s?.status === 'failed') throw new Error(`recording failed: ${JSON.stringify(s)}`);
        return s?.status === 'stored' ? s : null;
      },
      'the call recording stored',
      30_000,
    );
    const url = new URL(state.recording.url, stack.backend.url).toString();
    const ranged = await fetch(url, { headers: { authorization: `Bearer ${rep.token}`, range: 'bytes=0-99' } });
    expect(ranged.status).toBe(206);
    const whole = await fetch(url, { headers: { authorization: `Bearer ${rep.token}` } });
    expect(whole.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'cb-played-')), 'call.wav');
    writeFileSync(file, Buffer.from(await whole.arrayBuffer()));
    return { state, wav: readWav(file) };
  }

  /** Resolves once the backend has started the call's recording (policy "every call", at the answer). */
  async function recordingUnderWay(rep: Api, sipCallId: string): Promise<void> {
    await waitFor(
      async () => {
        const res = await rep.get(`/api/recordings?sipCallIds=${encodeURIComponent(sipCallId)}`);
        const s = (res.body as any[]).find((x) => x.sipCallId === sipCallId);
        if (s && ['failed', 'unavailable'].includes(s.status)) throw new Error(`recording not started: ${JSON.stringify(s)}`);
        return s?.status === 'recording';
      },
      'the recording started at the answer',
      10_000,
    );
  }

  /** Every whole second after the notice holds the carrier on channel 0 and the rep on channel 1. */
  function expectParties(wav: ReturnType<typeof readWav>, repHz: number) {
    expect([wav.rate, wav.channels]).toEqual([RATE, 2]);
    const seconds = Math.floor(wav.durationSec);
    expect(seconds).toBeGreaterThanOrEqual(NOTICE_SEC + 3);
    for (let s = NOTICE_SEC; s < seconds - 1; s++) {
      const [from, to] = [s * RATE + 200, (s + 1) * RATE - 200];
      expect({ s, ch: 0, f: dominant(wav.data[0]!, RATE, TONES, from, to) }).toEqual({ s, ch: 0, f: CARRIER_HZ });
      expect({ s, ch: 1, f: dominant(wav.data[1]!, RATE, TONES, from, to) }).toEqual({ s, ch: 1, f: repHz });
      expect(toneShare(wav.data[1]!, RATE, repHz, from, to)).toBeGreaterThan(0.5);
    }
  }

  it('should record a call Bob answers in Chromium, store it on his call and let him play it; Alice may not', async () => {
    const bobApi = (await new Api(stack.backend.url).login('bob@example.com')).api;
    const sipp = carrierCall(1);
    let callId = '';
    try {
      const panel = bob.getByTestId('softphone-incoming');
      await panel.waitFor({ timeout: 10_000 });
      callId = (await panel.getAttribute('data-call-id'))!;
      await bob.getByTestId('softphone-answer').click();
      await bob.locator('[data-testid="softphone"][data-state="in_call"]').waitFor({ timeout: 10_000 });
      await recordingUnderWay(bobApi, callId);
      // a conversation of a known length: the notice, then both tones (a duration, not an event)
      await new Promise((r) => setTimeout(r, (NOTICE_SEC + 6) * 1000));
      await bob.getByTestId('softphone-hangup').click();
      expect((await sipp.done).code).toBe(0);
    } catch (e) {
      sipp.kill();
      throw new Error(`${String(e)}\n--- sipp ---\n${(await sipp.done).output.slice(-3000)}`);
    }
    const { state, wav } = await storedRecording(bobApi, callId);
    expectParties(wav, BROWSER_HZ);
    expect(state.recording.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Alice handled nothing of it and does not own its deal: 403
    const alice = (await new Api(stack.backend.url).login('alice@example.com')).api;
    const refused = await fetch(new URL(state.recording.url, stack.backend.url), { headers: { authorization: `Bearer ${alice.token}` } });
    expect(refused.status).toBe(403);

    // the conversation figures are computed from the stored file (their accuracy on scripted speech
    // is the analyser's specs'; steady tones are no speech to an adaptive noise floor)
    const figures = await waitFor(
      async () => (await bobApi.get(`/api/calls/${state.callId}/conversation`)).body?.conversation ?? null,
      'the conversation figures',
      20_000,
    );
    expect(Math.abs(figures.analysedSec - wav.durationSec)).toBeLessThan(1);
  }, 120_000);

  it('should record a call a baresip desk phone answers the same way', async () => {
    const login = await new Api(stack.backend.url).login('alice@example.com');
    const c = (await login.api.get('/api/telephony/credentials')).body as { authUsername: string; password: string; sipUri: string };
    await bob.close(); // only Alice's desk phone rings
    const desk: Baresip = await startBaresip({
      user: /^sip:([^@]+)@/.exec(c.sipUri)![1]!,
      domain: SIP_DOMAIN,
      authUser: c.authUsername,
      password: c.password,
      server: { host: '127.0.0.1', port: PORTS.sip, transport: 'udp' },
      listen: `127.0.0.1:${PORTS.sippUas + 30}`,
      toneHz: DESK_HZ,
    });
    await desk.registered(10_000);
    const call = carrierCall(2);
    let sipCallId = '';
    try {
      expect(await desk.waitFor(/Call established/i, 15_000)).toBeTruthy();
      sipCallId = await waitFor(
        async () => {
          const calls = (await login.api.get('/api/calls?limit=5')).body as Array<{ sipCallId: string; fromNumber: string | null }>;
          return calls.find((x) => x.fromNumber === '+36201234572')?.sipCallId ?? null;
        },
        'the desk call in the CRM',
        10_000,
      );
      await recordingUnderWay(login.api, sipCallId);
      await new Promise((r) => setTimeout(r, (NOTICE_SEC + 6) * 1000));
    } finally {
      // baresip hangs up as it exits: the carrier gets its BYE
      await desk.stop();
      expect((await call.done).code).toBe(0);
    }
    const { wav } = await storedRecording(login.api, sipCallId);
    expectParties(wav, DESK_HZ);
  }, 120_000);
});
