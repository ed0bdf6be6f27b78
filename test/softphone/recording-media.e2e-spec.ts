import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RecordingFinished } from '@callboard/contracts';
import { NgClient } from '../../backend/src/modules/recordings/media/ng-client';
import { RecordingJournal } from '../../backend/src/modules/recordings/media/recording-journal';
import { RtpengineRecordingMedia } from '../../backend/src/modules/recordings/media/rtpengine-recording-media';
import { SpoolWatcher } from '../../backend/src/modules/recordings/media/spool-watcher';
import { Api } from '../support/api';
import { dominant, fakeMicrophone, readWav, toneShare } from '../support/recording/audio';
import { startBaresip, type Baresip } from '../support/sip/baresip';
import { runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, SIP_DOMAIN, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { queryLegs } from '../support/softphone/rtpengine';

// Issue 16's recordings, media side, with every real part: a carrier call (sipp playing 1 kHz)
// through Kamailio and rtpengine (pcap recording into a spool), answered in Chromium (its fake
// microphone plays a 600 Hz file) or by a baresip desk phone (a 440 Hz file), recorded through the
// backend's RtpengineRecordingMedia with the English notice; the spool watcher's WAV must hold the
// carrier on channel 0 and the rep on channel 1.

const PORTS = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 5400);
const CARRIER_HZ = 1000;
const BROWSER_HZ = 600;
const DESK_HZ = 440;
const RATE = 8000;
const TONES = [CARRIER_HZ, BROWSER_HZ, DESK_HZ];


describe('softphone: recording a carrier call through rtpengine (browser and desk phone)', () => {
  const spool = join(mkdtempSync(join(tmpdir(), 'cb-rec-')), 'spool');
  const stack = new MediaStack(PORTS, undefined, {}, spool);
  let browser: SoftphoneBrowser;
  let bob: Page;
  let ng: NgClient;
  let media: RtpengineRecordingMedia;
  let watcher: SpoolWatcher;
  const reports: RecordingFinished[] = [];
  const scenario = scenarioWithAudio('uac-audio.xml', writeUlawTone(4, CARRIER_HZ));

  beforeAll(async () => {
    mkdirSync(spool, { recursive: true });
    await stack.start();
    ng = new NgClient('127.0.0.1', PORTS.ng);
    const journal = new RecordingJournal(spool);
    journal.load();
    media = new RtpengineRecordingMedia({ ng, journal, spoolDir: spool, minFreeBytes: 1024 * 1024 });
    watcher = new SpoolWatcher({ spoolDir: spool, journal, onRecording: (r) => void reports.push(r), callExists: (id) => media.callExists(id), sweepMs: 1000 });
    await watcher.start();
    browser = await launchSoftphoneBrowser([`--use-file-for-fake-audio-capture=${fakeMicrophone(BROWSER_HZ)}`]);
    bob = await browser.login(stack.backend.url, 'bob@example.com', 'callboard');
    await bob.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 15_000 });
  }, 90_000);

  afterAll(async () => {
    media?.close();
    await watcher?.close();
    ng?.close();
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
      inject: [['Carol Customer', `+3620123456${n}`]],
      extra: ['-mp', String(PORTS.sippUacMedia)],
      timeoutSec: 60,
    });

  /** Records `callId` for ~3 s after the notice, stops, and returns the WAV's two channels. */
  async function recordAndRead(callId: string) {
    // media both ways through rtpengine first (the browser's starts after DTLS)
    await waitFor(
      async () => {
        const legs = (await queryLegs(stack.rtpengine, callId)).legs.filter((l) => l.received > 0);
        return legs.length >= 2 && legs.every((l) => l.received > 25);
      },
      'RTP from both parties at rtpengine',
      15_000,
    );
    await media.start(callId, { notice: 'en' });
    await new Promise((r) => setTimeout(r, 5000));
    await media.stop(callId);
    const r = await waitFor(async () => reports.find((x) => x.sipCallId === callId) ?? null, 'the recording report', 15_000);
    if (r.status !== 'finished') throw new Error(`recording failed: ${JSON.stringify(r)}`);
    const wav = readWav(join(spool, r.spoolFile));
    expect([wav.rate, wav.channels]).toEqual([RATE, 2]);
    expect(r.repChannel).toBe(1);
    return wav;
  }

  /** Each whole second past the notice (2 s, both directions blocked) holds the carrier left and the rep right. */
  function expectParties(wav: ReturnType<typeof readWav>, repHz: number) {
    const seconds = Math.floor(wav.durationSec);
    expect(seconds).toBeGreaterThanOrEqual(4);
    for (let s = 3; s < seconds; s++) {
      const [from, to] = [s * RATE + 200, (s + 1) * RATE - 200];
      expect({ s, ch: 0, f: dominant(wav.data[0]!, RATE, TONES, from, to) }).toEqual({ s, ch: 0, f: CARRIER_HZ });
      expect({ s, ch: 1, f: dominant(wav.data[1]!, RATE, TONES, from, to) }).toEqual({ s, ch: 1, f: repHz });
      expect(toneShare(wav.data[0]!, RATE, CARRIER_HZ, from, to)).toBeGreaterThan(0.5);
      expect(toneShare(wav.data[1]!, RATE, repHz, from, to)).toBeGreaterThan(0.5);
    }
  }

  it('should record the carrier on channel 0 and the browser rep on channel 1 when Bob answers in Chromium', async () => {
    const sipp = carrierCall(1);
    try {
      const panel = bob.getByTestId('softphone-incoming');
      await panel.waitFor({ timeout: 10_000 });
      const callId = (await panel.getAttribute('data-call-id'))!;
      await bob.getByTestId('softphone-answer').click();
      await bob.locator('[data-testid="softphone"][data-state="in_call"]').waitFor({ timeout: 10_000 });
      expectParties(await recordAndRead(callId), BROWSER_HZ);
      await bob.getByTestId('softphone-hangup').click();
      expect((await sipp.done).code).toBe(0);
    } catch (e) {
      sipp.kill();
      throw new Error(`${String(e)}\n--- sipp ---\n${(await sipp.done).output.slice(-3000)}`);
    }
  }, 90_000);

  it('should record the carrier on channel 0 and the desk phone on channel 1 when a baresip desk phone answers', async () => {
    const login = await new Api(stack.backend.url).login('alice@example.com');
    const c = (await login.api.get('/api/telephony/credentials')).body as { authUsername: string; password: string; sipUri: string };
    // Bob steps away: only Alice's desk phone rings
    await bob.close();
    const desk: Baresip = await startBaresip({
      user: /^sip:([^@]+)@/.exec(c.sipUri)![1]!,
      domain: SIP_DOMAIN,
      authUser: c.authUsername,
      password: c.password,
      server: { host: '127.0.0.1', port: PORTS.sip, transport: 'udp' },
      listen: `127.0.0.1:${PORTS.sippUas + 30}`, // base+70 (+1: its TLS), below the RTP range
      toneHz: DESK_HZ,
    });
    await desk.registered(10_000);
    const startedAt = Date.now();
    const call = carrierCall(2);
    try {
      const established = await desk.waitFor(/Call established/i, 15_000);
      expect(established).toBeTruthy();
      const callId = await waitFor(
        async () => {
          // the newest call rtpengine has (the browser call's may linger for its delete-delay)
          const list = await ng.request({ command: 'list' });
          const ids = Array.isArray(list.calls) ? (list.calls as string[]) : [];
          let newest: { id: string; created: number } | null = null;
          for (const id of ids) {
            const q = await ng.request({ command: 'query', 'call-id': id }).catch(() => null);
            const created = Number(q?.created ?? 0) * 1e6 + Number(q?.created_us ?? 0);
            if (q && (!newest || created > newest.created)) newest = { id, created };
          }
          return newest && newest.created / 1000 > startedAt ? newest.id : null;
        },
        'the desk call at rtpengine',
        10_000,
      );
      expectParties(await recordAndRead(callId), DESK_HZ);
    } finally {
      call.kill();
      await call.done;
      await desk.stop();
    }
  }, 90_000);
});
