// Issue 16's recording figures (ADR 0030): BENCH_RECORDING_CALLS (50) concurrent calls through the
// real rtpengine 10.5 (userspace), each party sending G.711 every 20 ms, first unrecorded then all
// recorded (pcap into the spool) for BENCH_RECORDING_SEC (20) seconds; then the project's converter
// turns every recording into a two-channel WAV. Prints rtpengine's CPU (from /proc/<pid>/stat) per
// concurrent call with and without recording, the converter's CPU per recorded minute, disk per
// minute (pcap while recording, WAV after), and rtpengine's error counters (must be 0).
// Run with `npm run bench -- test/bench/recording.bench.ts`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordingFinished } from '@callboard/contracts';
import { NgClient } from '../../backend/src/modules/recordings/media/ng-client';
import { RecordingJournal } from '../../backend/src/modules/recordings/media/recording-journal';
import { RtpengineRecordingMedia } from '../../backend/src/modules/recordings/media/rtpengine-recording-media';
import { SpoolWatcher } from '../../backend/src/modules/recordings/media/spool-watcher';
import { dominant, readWav } from '../support/recording/audio';
import { openRtpCall, type RtpCall } from '../support/recording/rtp-call';
import { softphonePorts } from '../support/softphone/media-stack';
import { queryLegs, startTestRtpengine, type TestRtpengine } from '../support/softphone/rtpengine';

const CALLS = Number(process.env.BENCH_RECORDING_CALLS ?? 50);
const SECONDS = Number(process.env.BENCH_RECORDING_SEC ?? 20);
const TARGET_CORE_PERCENT_PER_CALL = 2;
const PORTS = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 5400);
const TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dirBytes = (dir: string) => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

describe('recording bench', () => {
  let rtp: TestRtpengine;
  let spool: string;

  beforeAll(async () => {
    spool = join(mkdtempSync(join(tmpdir(), 'cb-rec-bench-')), 'spool');
    mkdirSync(spool, { recursive: true });
    rtp = await startTestRtpengine({ ngPort: PORTS.ng, portMin: PORTS.rtpMin - 50, portMax: PORTS.rtpMax, recordingDir: spool });
  });
  afterAll(async () => {
    await rtp?.stop();
  });

  it(`should record ${CALLS} concurrent calls at <= ${TARGET_CORE_PERCENT_PER_CALL}% of a core each with no audio errors`, async () => {
    const rtpPid = Number(readFileSync(join(rtp.runDir, 'rtpengine.pid'), 'utf8').trim());
    const ng = new NgClient('127.0.0.1', PORTS.ng, 2000);
    const journal = new RecordingJournal(spool);
    journal.load();
    const media = new RtpengineRecordingMedia({ ng, journal, spoolDir: spool, minFreeBytes: 64 * 1024 * 1024 });
    const reports: RecordingFinished[] = [];
    const watcher = new SpoolWatcher({ spoolDir: spool, journal, onRecording: (r) => void reports.push(r), sweepMs: 60_000 });
    await watcher.start();
    const calls: RtpCall[] = [];
    try {
      for (let i = 0; i < CALLS; i++) calls.push(await openRtpCall(PORTS.ng, `bench-${process.pid}-${i}@rec`, { callerHz: 1000, calleeHz: 440, keepReceived: false }));
      await sleep(1000);

      // the same calls, unrecorded then recorded, over the same stretch of time
      const window = async () => {
        const c0 = cpuSeconds(rtpPid);
        const t0 = Date.now();
        await sleep(SECONDS * 1000);
        return (cpuSeconds(rtpPid) - c0) / ((Date.now() - t0) / 1000);
      };
      const plainCores = await window();
      const before = await Promise.all(calls.map((c) => queryLegs(rtp, c.callId)));
      for (const c of calls) await media.start(c.callId, { notice: null });
      const recStart = Date.now();
      const recordedCores = await window();
      const pcapBytes = dirBytes(join(spool, 'pcaps'));
      const pcapSeconds = (Date.now() - recStart) / 1000;
      const after = await Promise.all(calls.map((c) => queryLegs(rtp, c.callId)));
      for (const c of calls) await media.stop(c.callId);
      for (const c of calls) c.close();

      // the converter (this process): from the last stop to the last WAV
      const cpu0 = process.cpuUsage();
      const t0 = Date.now();
      while (reports.length < CALLS && Date.now() - t0 < 120_000) await sleep(20);
      const cpu = process.cpuUsage(cpu0);
      const convertSec = (cpu.user + cpu.system) / 1e6;
      const finished = reports.filter((r): r is Extract<RecordingFinished, { status: 'finished' }> => r.status === 'finished');
      const wavBytes = finished.reduce((n, r) => n + statSync(join(spool, r.spoolFile)).size, 0);
      const recordedMinutes = finished.reduce((n, r) => n + (Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 60_000, 0);
      // every file has both parties
      const wrong = finished.filter((r) => {
        const w = readWav(join(spool, r.spoolFile));
        const mid = Math.floor(w.data[0]!.length / 2);
        return dominant(w.data[0]!, 8000, [1000, 440], mid, mid + 8000) !== 1000 || dominant(w.data[1]!, 8000, [1000, 440], mid, mid + 8000) !== 440;
      });

      // audio errors: rtpengine's per-leg error counters, and every party's packets forwarded
      const errors = after.reduce((n, m) => n + m.unexpectedErrors, 0);
      const expectedPackets = pcapSeconds * 50;
      const short = after.flatMap((m, i) =>
        m.legs.filter((l) => l.received - (before[i]!.legs.find((b) => b.tag === l.tag)?.received ?? 0) < 0.95 * expectedPackets).map((l) => l.tag),
      );
      const perCallPercent = (recordedCores * 100) / CALLS;
      const converterPercentPerCall = (convertSec / (recordedMinutes * 60)) * 100;
      const figures = {
        calls: CALLS,
        seconds: SECONDS,
        cpus: cpus().length,
        loadavg: loadavg().map((l) => l.toFixed(2)),
        rtpenginePercentOfCoreAll: { unrecorded: +(plainCores * 100).toFixed(1), recorded: +(recordedCores * 100).toFixed(1) },
        rtpenginePercentPerCall: { unrecorded: +((plainCores * 100) / CALLS).toFixed(3), recorded: +perCallPercent.toFixed(3) },
        recordingIncrementPercentPerCall: +(((recordedCores - plainCores) * 100) / CALLS).toFixed(3),
        converterCpuSecPerRecordedMinute: +(convertSec / recordedMinutes).toFixed(3),
        converterPercentPerCall: +converterPercentPerCall.toFixed(3),
        totalPercentPerRecordedCall: +(perCallPercent + converterPercentPerCall).toFixed(3),
        pcapMBPerCallMinute: +(pcapBytes / CALLS / (pcapSeconds / 60) / 1e6).toFixed(3),
        wavMBPerCallMinute: +(wavBytes / recordedMinutes / 1e6).toFixed(3),
        finished: finished.length,
        failed: reports.length - finished.length,
        filesWithWrongParties: wrong.length,
        rtpengineErrors: errors,
        legsShortOfPackets: short.length,
      };
      console.log(JSON.stringify({ recordingBench: figures }, null, 1));
      expect(finished).toHaveLength(CALLS);
      expect(wrong).toHaveLength(0);
      expect(errors).toBe(0);
      expect(short).toEqual([]);
      expect(figures.totalPercentPerRecordedCall).toBeLessThanOrEqual(TARGET_CORE_PERCENT_PER_CALL);
    } finally {
      for (const c of calls) c.close();
      media.close();
      await watcher.close();
      ng.close();
    }
  }, 300_000);
});
