import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordingFinished } from '@callboard/contracts';
import { NgClient } from '../../backend/src/modules/recordings/media/ng-client';
import { RecordingJournal } from '../../backend/src/modules/recordings/media/recording-journal';
import { RtpengineRecordingMedia } from '../../backend/src/modules/recordings/media/rtpengine-recording-media';
import { SpoolWatcher } from '../../backend/src/modules/recordings/media/spool-watcher';
import { dominant, readWav, rms, toneShare } from '../support/recording/audio';
import { openRtpCall, receivedBetween, type RtpCall } from '../support/recording/rtp-call';
import { softphonePorts } from '../support/softphone/media-stack';
import { queryLegs, startTestRtpengine, type TestRtpengine } from '../support/softphone/rtpengine';

// The media side of recordings (issue 16, ADR 0030) against the real rtpengine 10.5 (pcap
// recording into a spool on a tmpfs of its own) through the backend's RtpengineRecordingMedia and
// SpoolWatcher: two plain-RTP parties, the caller sending 1 kHz and the callee 440 Hz.

const PORTS = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 5400);
const CALLER_HZ = 1000;
const CALLEE_HZ = 440;
const RATE = 8000;

const until = async (what: string, check: () => boolean, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('recording media (rtpengine pcap + the project converter)', () => {
  let rtp: TestRtpengine;
  let mount: string;
  let spool: string;
  let ng: NgClient;
  let journal: RecordingJournal;
  let media: RtpengineRecordingMedia;
  let watcher: SpoolWatcher;
  const reports: RecordingFinished[] = [];
  const calls: RtpCall[] = [];
  let seq = 0;

  const reportFor = async (callId: string) => {
    await until(`the recording of ${callId}`, () => reports.some((r) => r.sipCallId === callId));
    return reports.find((r) => r.sipCallId === callId)!;
  };
  const call = async () => {
    const c = await openRtpCall(PORTS.ng, `rec-${process.pid}-${++seq}@test`, { callerHz: CALLER_HZ, calleeHz: CALLEE_HZ });
    calls.push(c);
    // both parties' media flowing through rtpengine before anything is recorded
    await until('media both ways', () => c.caller.received.length > 5 && c.callee.received.length > 5);
    return c;
  };

  beforeAll(async () => {
    // a tmpfs of our own: the last test fills it
    mount = mkdtempSync(join(tmpdir(), 'cb-rec-spool-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mount]);
    spool = join(mount, 'spool');
    mkdirSync(spool);
    rtp = await startTestRtpengine({ ngPort: PORTS.ng, portMin: PORTS.rtpMin, portMax: PORTS.rtpMax, recordingDir: spool });
    ng = new NgClient('127.0.0.1', PORTS.ng);
    journal = new RecordingJournal(spool);
    journal.load();
    media = new RtpengineRecordingMedia({ ng, journal, spoolDir: spool, minFreeBytes: 2 * 1024 * 1024, diskCheckMs: 200 });
    watcher = new SpoolWatcher({ spoolDir: spool, journal, onRecording: (r) => void reports.push(r), callExists: (id) => media.callExists(id), sweepMs: 500 });
    await watcher.start();
  });

  afterAll(async () => {
    for (const c of calls) c.close();
    media?.close();
    await watcher?.close();
    ng?.close();
    await rtp?.stop();
    if (mount) {
      execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  });

  it('should write one two-channel 8 kHz WAV with the caller on channel 0 and the rep on channel 1 when a call is recorded', async () => {
    const c = await call();
    const t0 = Date.now();
    await media.start(c.callId, { notice: null });
    await wait(2000);
    await media.stop(c.callId);
    const stoppedAfter = (Date.now() - t0) / 1000;
    await c.hangUp();
    const r = await reportFor(c.callId);
    expect(r).toMatchObject({ status: 'finished', channels: 2, repChannel: 1, pauses: [] });
    if (r.status !== 'finished') return;
    expect(r.spoolFile).toMatch(/^rec-[0-9TZ]+-[0-9a-f]{16}\.wav$/);
    const wav = readWav(join(spool, r.spoolFile));
    expect([wav.rate, wav.channels, wav.bitsPerSample]).toEqual([RATE, 2, 16]);
    expect(wav.durationSec).toBeGreaterThan(stoppedAfter - 0.3);
    expect(wav.durationSec).toBeLessThan(stoppedAfter + 0.1);
    // each channel holds its own party, in every second of the file
    for (let s = 0; s + 1 <= Math.floor(wav.durationSec); s++) {
      const [from, to] = [s * RATE + 400, (s + 1) * RATE - 400];
      expect(dominant(wav.data[0]!, RATE, [CALLER_HZ, CALLEE_HZ], from, to)).toBe(CALLER_HZ);
      expect(dominant(wav.data[1]!, RATE, [CALLER_HZ, CALLEE_HZ], from, to)).toBe(CALLEE_HZ);
      expect(toneShare(wav.data[0]!, RATE, CALLER_HZ, from, to)).toBeGreaterThan(0.8);
      expect(toneShare(wav.data[1]!, RATE, CALLEE_HZ, from, to)).toBeGreaterThan(0.8);
    }
    expect(Date.parse(r.endedAt) - Date.parse(r.startedAt)).toBeCloseTo(wav.durationSec * 1000, -2);
  });

  it('should play the notice to the caller with the rep blocked until it ends when recording starts with a notice', async () => {
    const c = await call();
    const t0 = Date.now();
    await media.start(c.callId, { notice: 'en' });
    const startedAt = Date.now();
    await wait(3500);
    await media.stop(c.callId);
    c.close();
    // what the caller heard: the notice (speech, not the rep's 440 Hz) first, then the rep
    const heard = c.caller.received.filter((p) => p.atMs >= startedAt);
    // the rep's tone: five frames in a row that are 440 Hz (a speech frame can come close once)
    const isRep = (i: number) => toneShare(heard[i]!.samples, RATE, CALLEE_HZ) > 0.9;
    const firstRep = heard.findIndex((_, i) => [0, 1, 2, 3, 4].every((k) => i + k < heard.length && isRep(i + k)));
    expect(firstRep).toBeGreaterThan(0);
    const noticeMs = heard[firstRep]!.atMs - t0;
    // the shipped English notice lasts 2.0 s
    expect(noticeMs).toBeGreaterThan(1900);
    expect(noticeMs).toBeLessThan(2600);
    const notice = heard.slice(0, firstRep).filter((p) => rms(p.samples) > 500);
    expect(notice.length).toBeGreaterThan(40);
    expect(notice.filter((p) => toneShare(p.samples, RATE, CALLEE_HZ) > 0.9).length).toBeLessThan(notice.length * 0.05);
    // and the rep heard nothing of the caller meanwhile
    const repHeard = receivedBetween(c.callee, startedAt + 100, t0 + 1800);
    expect(repHeard.length).toBe(0);
    await ng.request({ command: 'delete', 'call-id': c.callId });
    expect((await reportFor(c.callId)).status).toBe('finished');
  });

  it('should leave a silent gap in both channels and list it when the rep pauses', async () => {
    const c = await call();
    await media.start(c.callId, { notice: null });
    await wait(1000);
    await media.pause(c.callId);
    await wait(1500);
    await media.resume(c.callId);
    await wait(1000);
    await media.stop(c.callId);
    await c.hangUp();
    const r = await reportFor(c.callId);
    if (r.status !== 'finished') throw new Error(JSON.stringify(r));
    expect(r.pauses).toHaveLength(1);
    const [p] = r.pauses;
    expect(p!.fromSec).toBeGreaterThan(0.9);
    expect(p!.fromSec).toBeLessThan(1.2);
    expect(p!.toSec - p!.fromSec).toBeGreaterThan(1.4);
    expect(p!.toSec - p!.fromSec).toBeLessThan(1.7);
    const wav = readWav(join(spool, r.spoolFile));
    const gap = [Math.round((p!.fromSec + 0.1) * RATE), Math.round((p!.toSec - 0.1) * RATE)] as const;
    expect(rms(wav.data[0]!, ...gap)).toBe(0);
    expect(rms(wav.data[1]!, ...gap)).toBe(0);
    // audio on both sides of the gap, in both channels
    for (const ch of [0, 1]) {
      expect(rms(wav.data[ch]!, 0.2 * RATE, (p!.fromSec - 0.1) * RATE)).toBeGreaterThan(1000);
      expect(rms(wav.data[ch]!, (p!.toSec + 0.1) * RATE, (p!.toSec + 0.8) * RATE)).toBeGreaterThan(1000);
    }
    expect(wav.durationSec).toBeGreaterThan(3.3);
  });

  it('should record only from the press when recording starts in the middle of a call', async () => {
    const c = await call();
    await wait(2000);
    const pressedAt = Date.now();
    await media.start(c.callId, { notice: null });
    await wait(1000);
    await media.stop(c.callId);
    const stoppedAt = Date.now();
    await c.hangUp();
    const r = await reportFor(c.callId);
    if (r.status !== 'finished') throw new Error(JSON.stringify(r));
    const wav = readWav(join(spool, r.spoolFile));
    expect(Math.abs(Date.parse(r.startedAt) - pressedAt)).toBeLessThan(100);
    expect(wav.durationSec).toBeLessThan((stoppedAt - pressedAt) / 1000 + 0.1);
    expect(wav.durationSec).toBeGreaterThan(0.8);
    // sound from its first tenth of a second: nothing of the two seconds before the press
    expect(rms(wav.data[0]!, 0, 0.1 * RATE)).toBeGreaterThan(1000);
  });

  it('should report disk_full and keep the call audio flowing when the spool fills up during a recording', async () => {
    const c = await call();
    await media.start(c.callId, { notice: null });
    await wait(500);
    // fill the tmpfs to its last megabyte
    const s = statfsSync(mount);
    const filler = join(mount, 'filler');
    writeFileSync(filler, Buffer.alloc(Math.max(0, s.bavail * s.bsize - 1024 * 1024)));
    try {
      const r = await reportFor(c.callId);
      expect(r).toMatchObject({ status: 'failed', reason: 'disk_full' });
      const before = await queryLegs(rtp, c.callId);
      const heardBefore = c.caller.received.length;
      await wait(1000);
      const after = await queryLegs(rtp, c.callId);
      // rtpengine forwarded a second of audio each way with the disk full, without errors
      for (const leg of after.legs) {
        const b = before.legs.find((l) => l.tag === leg.tag)!;
        expect(leg.received - b.received).toBeGreaterThan(40);
      }
      expect(after.unexpectedErrors).toBe(0);
      expect(c.caller.received.length - heardBefore).toBeGreaterThan(40);
      // and starting another recording on the full spool is refused the same way, the call untouched
      const d = await call();
      await media.start(d.callId, { notice: null });
      expect(await reportFor(d.callId)).toMatchObject({ status: 'failed', reason: 'disk_full' });
      await d.hangUp();
    } finally {
      rmSync(filler, { force: true });
    }
    await c.hangUp();
  });
});
