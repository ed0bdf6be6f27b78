import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Reading what a recording holds: a WAV's channels and the strength of one frequency in a stretch
// (Goertzel), so a test checks who is on which channel, not a file size.

export interface Wav {
  rate: number;
  channels: number;
  bitsPerSample: number;
  /** One array of samples per channel. */
  data: Int16Array[];
  durationSec: number;
}

export function readWav(path: string): Wav {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV`);
  let o = 12;
  let fmt: { channels: number; rate: number; bits: number } | null = null;
  while (o + 8 <= buf.length) {
    const id = buf.toString('ascii', o, o + 4);
    const size = buf.readUInt32LE(o + 4);
    if (id === 'fmt ') fmt = { channels: buf.readUInt16LE(o + 10), rate: buf.readUInt32LE(o + 12), bits: buf.readUInt16LE(o + 22) };
    if (id === 'data' && fmt) {
      if (fmt.bits !== 16) throw new Error(`${path}: ${fmt.bits}-bit, expected 16`);
      const frames = Math.floor(size / (2 * fmt.channels));
      const data = Array.from({ length: fmt.channels }, () => new Int16Array(frames));
      for (let i = 0; i < frames; i++) for (let c = 0; c < fmt.channels; c++) data[c]![i] = buf.readInt16LE(o + 8 + (i * fmt.channels + c) * 2);
      return { rate: fmt.rate, channels: fmt.channels, bitsPerSample: fmt.bits, data, durationSec: frames / fmt.rate };
    }
    o += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no fmt/data chunk`);
}

/** Relative power of `freq` in samples[from, to) (Goertzel, normalised by the stretch's energy: 0..1). */
export function toneShare(samples: ArrayLike<number>, rate: number, freq: number, from = 0, to = samples.length): number {
  const n = Math.max(0, Math.min(to, samples.length) - from);
  if (n === 0) return 0;
  const k = (2 * Math.PI * freq) / rate;
  const coeff = 2 * Math.cos(k);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (let i = from; i < from + n; i++) {
    const x = samples[i]!;
    const s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return energy === 0 ? 0 : (2 * power) / (n * energy);
}

/** Root-mean-square level of samples[from, to). */
export function rms(samples: ArrayLike<number>, from = 0, to = samples.length): number {
  let acc = 0;
  let n = 0;
  for (let i = from; i < Math.min(to, samples.length); i++, n++) acc += samples[i]! * samples[i]!;
  return n ? Math.sqrt(acc / n) : 0;
}

/** The strongest of `candidates` in samples[from, to). */
export function dominant(samples: ArrayLike<number>, rate: number, candidates: number[], from = 0, to = samples.length): number {
  let best = candidates[0]!;
  let bestShare = -1;
  for (const f of candidates) {
    const s = toneShare(samples, rate, f, from, to);
    if (s > bestShare) {
      bestShare = s;
      best = f;
    }
  }
  return best;
}

/** A 48 kHz 16-bit mono WAV of a tone, for Chromium's --use-file-for-fake-audio-capture (it loops it). */
export function fakeMicrophone(hz: number, seconds = 30): string {
  const rate = 48_000;
  const n = rate * seconds;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  const file = join(mkdtempSync(join(tmpdir(), 'cb-fake-mic-')), `tone-${hz}.wav`);
  writeFileSync(file, buf);
  return file;
}
