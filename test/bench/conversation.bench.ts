// Issue 16, part 5: how long the conversation figures take per minute of stereo audio. A scripted
// call (turns of 4-20 s, overlaps, silences, background noise) is written as a 16-bit stereo WAV
// at 8, 16 and 48 kHz; each is read as the service reads it (streamed, readWavEnergies) and
// analysed (conversationFigures), several rounds; the heap growth of a 60-minute call is printed.
// Run with `BENCH=1 npx jest test/bench/conversation.bench.ts --ci --selectProjects bench --runInBand`.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversationFigures } from '../../backend/src/modules/conversation/conversation-analyser';
import { type ScriptLine, synthesize, wavBytes } from '../../backend/src/modules/conversation/testing/scripted-call';
import { readWavEnergies } from '../../backend/src/modules/conversation/wav-reader';
import { envInt } from './support/env';
import { percentile } from './support/stats';

const MINUTES = envInt('BENCH_CONVERSATION_MINUTES', 10);
const ROUNDS = envInt('BENCH_CONVERSATION_ROUNDS', 5);
const LONG_MINUTES = envInt('BENCH_CONVERSATION_LONG_MINUTES', 60);
/** At most this much CPU per minute of audio at 8 kHz (an hour's call in 6 s). */
const TARGET_MS_PER_MINUTE = 100;
const dir = mkdtempSync(join(tmpdir(), 'conversation-bench-'));
const log = (line: string) => process.stdout.write(`[conversation bench] ${line}\n`);

/** Turns of 4-20 s, one side then the other, with an overlap every third turn and a silence every fifth. */
function script(durationSec: number): ScriptLine[] {
  const lines: ScriptLine[] = [];
  let t = 1;
  for (let i = 0; t < durationSec - 2; i++) {
    const len = 4 + ((i * 7) % 17);
    const to = Math.min(durationSec - 1, t + len);
    lines.push({ side: i % 2 ? 'caller' : 'rep', fromSec: t, toSec: to });
    t = to + (i % 3 === 0 ? -1 : i % 5 === 0 ? 3 : 0.4);
  }
  return lines;
}

function writeCall(minutes: number, sampleRate: number): string {
  const durationSec = minutes * 60;
  const path = join(dir, `call-${minutes}m-${sampleRate}.wav`);
  writeFileSync(path, wavBytes(synthesize({ sampleRate, durationSec, repChannel: 1, lines: script(durationSec) }), sampleRate, 2));
  return path;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('conversation figures (issue 16)', () => {
  it(`should analyse a stereo call in at most ${TARGET_MS_PER_MINUTE} ms per minute of 8 kHz audio`, async () => {
    log(`${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${MINUTES}-minute call, ${ROUNDS} rounds each`);
    const results: Record<number, number> = {};
    for (const rate of [8000, 16000, 48000]) {
      const path = writeCall(MINUTES, rate);
      const samples: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const start = process.hrtime.bigint();
        const { energies } = await readWavEnergies(path);
        const f = conversationFigures(energies, 1, []);
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
        if (i === 0) log(`${rate} Hz: rep talk share ${f.repTalkShare}, silence ${f.silenceShare}, longest ${f.repLongestMonologueSec} s / ${f.callerLongestMonologueSec} s`);
      }
      const perMinute = samples.map((ms) => ms / MINUTES);
      results[rate] = percentile(perMinute, 50);
      log(
        `${rate} Hz, ${(statSync(path).size / 1e6).toFixed(1)} MB: per minute of audio p50 ${percentile(perMinute, 50).toFixed(1)} ms, ` +
          `max ${Math.max(...perMinute).toFixed(1)} ms (whole call p50 ${percentile(samples, 50).toFixed(0)} ms)`,
      );
      rmSync(path);
    }

    const long = writeCall(LONG_MINUTES, 8000);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = process.hrtime.bigint();
    const { energies } = await readWavEnergies(long);
    conversationFigures(energies, 1, []);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const heapAfter = process.memoryUsage().heapUsed;
    log(
      `${LONG_MINUTES}-minute call at 8 kHz (${(statSync(long).size / 1e6).toFixed(0)} MB file): ${ms.toFixed(0)} ms, ` +
        `heap +${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB while analysing (the file is streamed, never held whole)`,
    );
    expect(results[8000]).toBeLessThanOrEqual(TARGET_MS_PER_MINUTE);
  }, 600_000);
});
