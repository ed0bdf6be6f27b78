import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { fakeMicrophone } from '../support/recording/audio';
import { runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { RecordingSocket } from '../support/socket';
import { audioStats, launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { queryLegs } from '../support/softphone/rtpengine';

// Issue 16's "done when": with RECORDINGS_DIR on a small file system that fills up, the call keeps
// its audio and the Head is notified, through every real part: a Head sets "every call"; a carrier
// call (sipp, 1 kHz) through Kamailio and rtpengine (pcap spool on the tmpfs) is answered by Bob in
// Chromium; the backend (RECORDINGS_DIR = the tmpfs, its production disk guard: 8 MiB free at least)
// records it. The tmpfs is filled to ENOSPC mid-conversation, while the recording notice still plays,
// or before the answer. Each time: Bob's peer connection keeps receiving and rtpengine keeps
// forwarding without errors, the carrier's call ends normally, the recording is failed/disk_full,
// the Head hears it on his socket and in the bell, nothing is left in the spool, the backend is
// healthy, and once room is made the next call is recorded and stored.

const PORTS = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 6900);
const CARRIER_HZ = 1000;
const BROWSER_HZ = 600;
/** Above the disk guard's 8 MiB (RtpengineRecordingMedia's default): a call starts recording. */
const TMPFS = '16m';
/** 20 ms packets: two seconds of audio. */
const TWO_SECONDS = 100;

describe('softphone: the recordings disk fills up; the call keeps its audio and the Head is notified', () => {
  const mount = mkdtempSync(join(tmpdir(), 'cb-full-disk-'));
  let mounted = false;
  const spool = join(mount, 'spool');
  const stack = new MediaStack(PORTS, undefined, { RTPENGINE_NG: `127.0.0.1:${PORTS.ng}`, RECORDINGS_DIR: mount }, spool);
  let browser: SoftphoneBrowser;
  let bob: Page;
  let head: Api;
  let bobApi: Api;
  let headSocket: RecordingSocket;
  let fillers = 0;
  const scenario = scenarioWithAudio('uac-audio.xml', writeUlawTone(4, CARRIER_HZ));

  beforeAll(async () => {
    expect(process.getuid?.()).toBe(0); // root, as CI: a tmpfs of our own is the small disk
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS},mode=0755`, 'tmpfs', mount]);
    mounted = true;
    await stack.start();
    const login = await new Api(stack.backend.url).login('head@example.com');
    head = login.api;
    headSocket = await RecordingSocket.connect(stack.backend.url, login.token);
    const settings = await head.get('/api/recordings/settings');
    expect(settings.body.available).toBe(true);
    const put = await head.request('PUT', '/api/recordings/settings', { defaultPolicy: 'every_call', pipelines: [], numbers: [], retentionDays: settings.body.retentionDays });
    expect(put.status).toBe(200);
    bobApi = (await new Api(stack.backend.url).login('bob@example.com')).api;
    browser = await launchSoftphoneBrowser([`--use-file-for-fake-audio-capture=${fakeMicrophone(BROWSER_HZ)}`]);
    bob = await browser.login(stack.backend.url, 'bob@example.com', 'callboard');
    await bob.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 15_000 });
  }, 90_000);

  afterAll(async () => {
    headSocket?.close();
    await browser?.close();
    await stack.stop();
    if (mounted) {
      // everything that wrote into it has stopped; lazily if something still holds it
      try {
        execFileSync('umount', [mount]);
      } catch {
        execFileSync('umount', ['-l', mount]);
      }
    }
    rmSync(mount, { recursive: true, force: true });
  }, 30_000);

  /** Fills the tmpfs to ENOSPC with a file of its own (the filler), as a disk fills for real; when it was full. */
  function fillTheDisk(): { file: string; fullAt: number } {
    const file = join(mount, `filler-${++fillers}`);
    const fd = openSync(file, 'w');
    try {
      for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
        const chunk = Buffer.alloc(size, 0x55);
        try {
          for (;;) writeSync(fd, chunk);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
        }
      }
    } finally {
      closeSync(fd);
    }
    expect(statfsSync(mount).bavail).toBe(0);
    return { file, fullAt: performance.now() };
  }

  const carrierCall = (n: number) =>
    runSipp({
      scenario,
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: PORTS.sippUac,
      controlPort: PORTS.sippUacControl,
      inject: [['Carol Customer', `+3620123458${n}`]],
      extra: ['-mp', String(PORTS.sippUacMedia)],
      timeoutSec: 60,
    });

  /** Bob answers the ringing call in Chromium; its SIP Call-ID. */
  async function bobAnswers(): Promise<string> {
    const panel = bob.getByTestId('softphone-incoming');
    await panel.waitFor({ timeout: 10_000 });
    const callId = (await panel.getAttribute('data-call-id'))!;
    await bob.getByTestId('softphone-answer').click();
    await bob.locator('[data-testid="softphone"][data-state="in_call"]').waitFor({ timeout: 10_000 });
    return callId;
  }

  /** The call's recording state as `as` sees it through the API, once `accept` takes it. */
  async function recordingState(as: Api, sipCallId: string, accept: (s: any) => boolean, label: string, timeoutMs = 15_000) {
    return waitFor(
      async () => {
        const res = await as.get(`/api/recordings?sipCallIds=${encodeURIComponent(sipCallId)}`);
        const s = (res.body as any[]).find((x) => x.sipCallId === sipCallId);
        return s && accept(s) ? s : null;
      },
      label,
      timeoutMs,
    );
  }

  /** Bob's page receives `packets` more RTP packets from now on (the carrier reaches him). */
  async function bobKeepsHearing(packets: number, label: string): Promise<void> {
    const from = (await audioStats(bob)).received;
    let last = from;
    await waitFor(async () => (last = (await audioStats(bob)).received) >= from + packets, `${label}: ${packets} more packets at Bob's page`, 10_000, 100).catch((e: Error) => {
      throw new Error(`${e.message} (from ${from}, ${last} in the end)`);
    });
  }

  /** rtpengine keeps forwarding both parties with no errors (the disk full is none of its calls' business). */
  async function rtpengineKeepsForwarding(sipCallId: string): Promise<void> {
    const before = (await queryLegs(stack.rtpengine, sipCallId)).legs.filter((l) => l.received > 0);
    expect(before.length).toBeGreaterThanOrEqual(2);
    await waitFor(
      async () => {
        const now = await queryLegs(stack.rtpengine, sipCallId);
        return before.every((b) => now.legs.find((l) => l.tag === b.tag)!.received >= b.received + TWO_SECONDS / 2);
      },
      'rtpengine receiving a second more from each party',
      10_000,
      100,
    );
    expect((await queryLegs(stack.rtpengine, sipCallId)).unexpectedErrors).toBe(0);
  }

  /** The recording is failed/disk_full for the Head; the Head's socket carried the notification (when it came). */
  async function headToldDiskFull(sipCallId: string): Promise<number> {
    const state = await recordingState(head, sipCallId, (s) => s.status === 'failed', 'the recording failed');
    expect(state).toMatchObject({ status: 'failed', failure: 'disk_full', recording: null });
    const note = await headSocket.waitFor('notification', (n) => String(n.body).includes(sipCallId), 15_000);
    expect(note.payload.title).toBe('A call recording failed: the disk is full');
    const listed = (await head.get('/api/notifications')).body as Array<{ body: string }>;
    expect(listed.filter((n) => n.body.includes(sipCallId))).toHaveLength(1);
    // a Seller is not told
    expect(((await bobApi.get('/api/notifications')).body as Array<{ body: string }>).some((n) => n.body.includes(sipCallId))).toBe(false);
    return note.at;
  }

  /** Bob hangs up; the carrier's scenario ends normally (it got its BYE and answered it). */
  async function bobHangsUp(sipp: ReturnType<typeof carrierCall>): Promise<void> {
    await bob.getByTestId('softphone-hangup').click();
    expect((await sipp.done).code).toBe(0);
    await bob.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 10_000 });
  }

  /** Once room is made, nothing of the failed recording is left in the spool (pcaps, journal, metadata, half files). */
  async function spoolEmpty(): Promise<void> {
    const left = () => ['pcaps', 'metadata', 'journal', 'tmp'].flatMap((d) => readdirSync(join(spool, d)).map((f) => `${d}/${f}`)).concat(readdirSync(spool).filter((f) => /\.(wav|part)$/.test(f)));
    await waitFor(() => left().length === 0, `an empty spool (left: ${left().join(', ')})`, 15_000, 100).catch(() => {
      throw new Error(`left in the spool: ${left().join(', ')}`);
    });
  }

  async function healthy(): Promise<void> {
    expect((await new Api(stack.backend.url).get('/api/health')).status).toBe(200);
  }

  /** One call Bob answers; `during` runs while it is up; Bob hangs up; sipp's log on failure. */
  async function call(n: number, during: (sipCallId: string) => Promise<void>): Promise<string> {
    const sipp = carrierCall(n);
    let sipCallId = '';
    try {
      sipCallId = await bobAnswers();
      await during(sipCallId);
      await bobHangsUp(sipp);
    } catch (e) {
      sipp.kill();
      // Bob's softphone ready again for the next test, whatever state this one left it in
      await bob.getByTestId('softphone-hangup').click({ timeout: 2000 }).catch(() => undefined);
      throw new Error(`${String(e)}\n--- sipp ---\n${(await sipp.done).output.slice(-3000)}`);
    }
    return sipCallId;
  }

  it('should keep the call audio, fail the recording as disk_full and tell the Head when the disk fills mid-conversation', async () => {
    let filler = '';
    try {
      const sipCallId = await call(1, async (id) => {
        await recordingState(bobApi, id, (s) => s.status === 'recording', 'the recording started at the answer', 10_000);
        // the notice has played: the carrier reaches Bob
        await bobKeepsHearing(TWO_SECONDS, 'after the notice');
        const full = fillTheDisk();
        filler = full.file;
        // the disk guard looks every second while something records
        expect((await headToldDiskFull(id)) - full.fullAt).toBeLessThan(3000);
        // with the disk full the call goes on, both ways
        await bobKeepsHearing(TWO_SECONDS, 'with the disk full');
        await rtpengineKeepsForwarding(id);
        await healthy();
      });
      // the Head's bell lists it (opened after the call: a Head's softphone would ring too)
      const page = await browser.login(stack.backend.url, 'head@example.com', 'callboard');
      try {
        await page.getByTestId('notifications-bell').click();
        await page.getByTestId('notifications-panel').getByText(sipCallId, { exact: false }).waitFor({ timeout: 10_000 });
      } finally {
        await page.context().close();
      }
    } finally {
      if (filler) rmSync(filler, { force: true });
    }
    await spoolEmpty();
    await healthy();
  }, 120_000);

  it('should unblock the parties and keep the call audio when the disk fills while the recording notice plays', async () => {
    let filler = '';
    try {
      await call(2, async (id) => {
        await recordingState(bobApi, id, (s) => s.status === 'recording', 'the recording started at the answer', 10_000);
        // the notice (2 s, the parties blocked from each other) has just begun
        const heard = (await audioStats(bob)).received;
        const full = fillTheDisk();
        filler = full.file;
        expect((await headToldDiskFull(id)) - full.fullAt).toBeLessThan(3000);
        expect(heard).toBeLessThan(TWO_SECONDS / 2);
        // the disk guard stopped the recording: the parties must hear each other, not stay blocked
        await bobKeepsHearing(TWO_SECONDS, 'after the notice, with the disk full');
        await rtpengineKeepsForwarding(id);
        await healthy();
      });
    } finally {
      if (filler) rmSync(filler, { force: true });
    }
    await spoolEmpty();
  }, 120_000);

  it('should not record, keep the call audio and tell the Head when the disk is already full at the answer', async () => {
    const filler = fillTheDisk().file;
    try {
      await call(3, async (id) => {
        await headToldDiskFull(id);
        await bobKeepsHearing(TWO_SECONDS, 'with the disk full from the start');
        await rtpengineKeepsForwarding(id);
        await healthy();
      });
    } finally {
      rmSync(filler, { force: true });
    }
    await spoolEmpty();
  }, 120_000);

  it('should record and store the next call once room is made', async () => {
    const sipCallId = await call(4, async (id) => {
      await recordingState(bobApi, id, (s) => s.status === 'recording', 'the recording started at the answer', 10_000);
      await bobKeepsHearing(TWO_SECONDS * 2, 'the next call');
    });
    const stored = await recordingState(bobApi, sipCallId, (s) => s.status === 'stored' || s.status === 'failed', 'the next call stored', 30_000);
    expect(stored).toMatchObject({ status: 'stored', failure: null });
    expect(stored.recording.durationSec).toBeGreaterThan(3);
    await spoolEmpty();
    await healthy();
  }, 120_000);
});
