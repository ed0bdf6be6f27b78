import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stereoWav } from '../recordings/media/pcap-to-wav';
import { conversationFigures } from './conversation-analyser';
import { type ScriptLine, scriptTruth, synthesize } from './testing/scripted-call';
import { readWavEnergies } from './wav-reader';

// The seam with the recordings' media side: the WAV its converter writes (caller on channel 0, rep
// on channel 1 for an inbound call, docs/recording-media.md) is read and measured as scripted.
describe('a recording as the media side writes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recording-wav-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should give the script figures when the converter wrote the two parties on their channels', async () => {
    const lines: ScriptLine[] = [
      { side: 'caller', fromSec: 1, toSec: 6 },
      { side: 'rep', fromSec: 7, toSec: 25 },
      { side: 'caller', fromSec: 26, toSec: 30 },
    ];
    const stereo = synthesize({ sampleRate: 8000, durationSec: 32, repChannel: 1, lines });
    const n = stereo.length / 2;
    const left = new Int16Array(n);
    const right = new Int16Array(n);
    for (let i = 0; i < n; i++) (left[i] = stereo[i * 2]), (right[i] = stereo[i * 2 + 1]);
    const path = join(dir, 'call.wav');
    writeFileSync(path, await stereoWav(left, right, n));
    const { format, energies } = await readWavEnergies(path, { maxBytes: 1e9, maxDurationSec: 3600, channels: 2 });
    expect(format).toMatchObject({ sampleRate: 8000, channels: 2 });
    const f = conversationFigures(energies, 1, []);
    const rep = scriptTruth(lines, 'rep').talkSec;
    expect(Math.abs(f.repTalkSec - rep)).toBeLessThanOrEqual(rep * 0.05);
    expect(Math.abs(f.repLongestMonologueSec - 18)).toBeLessThanOrEqual(18 * 0.05);
    expect(f.longestMonologueBy).toBe('rep');
  });
});
