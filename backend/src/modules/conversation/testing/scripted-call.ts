/**
 * Test support (unit specs, the int-spec, the benchmark): a stereo call synthesized from a script
 * (who speaks when), with background noise on both channels, as samples or as a WAV file's bytes.
 */

/** One utterance: a side speaks from `fromSec` to `toSec`. */
export interface ScriptLine {
  side: 'rep' | 'caller';
  fromSec: number;
  toSec: number;
}

export interface ScriptedCall {
  sampleRate: number;
  durationSec: number;
  repChannel: 0 | 1;
  lines: ScriptLine[];
  /** Background noise level, dBFS (default -50). */
  noiseDbfs?: number;
  /** Speech level, dBFS (default -18). */
  speechDbfs?: number;
  seed?: number;
  /** What speech sounds like: a voiced tone with harmonics (default), or bursts of noise (unvoiced, fricative-like). */
  voice?: 'tone' | 'noise';
}

/** A small seeded generator (mulberry32), so a scripted call is the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const amplitude = (dbfs: number) => 32768 * 10 ** (dbfs / 20);

/**
 * Interleaved 16-bit samples. Speech is a voice-like signal: a 140 or 210 Hz tone with harmonics in
 * syllables (200 ms voiced, 50 ms gap down to the noise), over the channel's noise.
 */
export function synthesize(call: ScriptedCall): Int16Array {
  const { sampleRate, durationSec, repChannel } = call;
  const n = Math.round(sampleRate * durationSec);
  const out = new Int16Array(n * 2);
  const rnd = random(call.seed ?? 7);
  const noise = amplitude(call.noiseDbfs ?? -50) * Math.sqrt(3); // uniform noise of that RMS
  const speech = amplitude(call.speechDbfs ?? -18) * Math.SQRT2;
  for (const side of ['rep', 'caller'] as const) {
    const ch = side === 'rep' ? repChannel : 1 - repChannel;
    const pitch = side === 'rep' ? 210 : 140;
    for (const line of call.lines.filter((l) => l.side === side)) {
      const from = Math.max(0, Math.round(line.fromSec * sampleRate));
      const to = Math.min(n, Math.round(line.toSec * sampleRate));
      for (let i = from; i < to; i++) {
        const t = i / sampleRate;
        const inSyllable = (t - line.fromSec) % 0.25;
        if (inSyllable >= 0.2) continue;
        const envelope = 0.7 + 0.3 * Math.sin((Math.PI * inSyllable) / 0.2);
        const v =
          call.voice === 'noise'
            ? (rnd() * 2 - 1) * Math.sqrt(3) * 1.2 // uniform noise of RMS 1.2, the tone's
            : Math.sin(2 * Math.PI * pitch * t) + 0.5 * Math.sin(2 * Math.PI * 2 * pitch * t) + 0.25 * Math.sin(2 * Math.PI * 3 * pitch * t);
        out[i * 2 + ch] = (speech * envelope * v) / 1.2;
      }
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-32768, Math.min(32767, out[i] + (rnd() * 2 - 1) * noise));
  return out;
}

/** A canonical 44-byte-header PCM WAV of interleaved 16-bit samples. */
export function wavBytes(samples: Int16Array, sampleRate: number, channels: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

/** What the script says, in seconds: each side's talk (union of its lines) and its longest line. */
export function scriptTruth(lines: ScriptLine[], side: 'rep' | 'caller'): { talkSec: number; longestSec: number } {
  const mine = lines.filter((l) => l.side === side).sort((a, b) => a.fromSec - b.fromSec);
  let talk = 0;
  let end = -Infinity;
  for (const l of mine) {
    const from = Math.max(l.fromSec, end);
    if (l.toSec > from) talk += l.toSec - from;
    end = Math.max(end, l.toSec);
  }
  return { talkSec: talk, longestSec: Math.max(0, ...mine.map((l) => l.toSec - l.fromSec)) };
}
