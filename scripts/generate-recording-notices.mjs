#!/usr/bin/env node
// Generates the recording notices rtpengine plays to a caller before a recorded call (issue 16,
// ADR 0030): "This call is recorded" in the app's five languages, with espeak-ng (Debian package
// espeak-ng), as 8 kHz 16-bit mono WAV in backend/assets/recording-notices/<lang>.wav.
// The files are committed; run this again only to change a text. An operator replaces one by
// dropping <lang>.wav into RECORDINGS_DIR/notices (docs/recordings.md).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NOTICES = {
  en: 'This call is recorded.',
  hu: 'A hívást rögzítjük.',
  id: 'Panggilan ini direkam.',
  ro: 'Acest apel este înregistrat.',
  he: 'שיחה זו מוקלטת.',
};

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'backend', 'assets', 'recording-notices');
const RATE = 8000;

/** 16-bit mono PCM of a RIFF/WAVE buffer (espeak-ng writes 22050 Hz). */
function readWav(buf) {
  let o = 12;
  let rate = 0;
  while (o + 8 <= buf.length) {
    const id = buf.toString('ascii', o, o + 4);
    // espeak-ng streams to stdout with 0xffffffff sizes: the data chunk runs to the end
    const size = Math.min(buf.readUInt32LE(o + 4), buf.length - o - 8);
    if (id === 'fmt ') rate = buf.readUInt32LE(o + 12);
    if (id === 'data') {
      const s = new Int16Array(size >> 1);
      for (let i = 0; i < s.length; i++) s[i] = buf.readInt16LE(o + 8 + i * 2);
      return { rate, samples: s };
    }
    o += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
}

/** Low-pass (windowed sinc at 3.4 kHz) and resample to 8 kHz. */
function resample(samples, from) {
  const taps = 63;
  const fc = 3400 / from;
  const h = Array.from({ length: taps }, (_, i) => {
    const n = i - (taps - 1) / 2;
    const sinc = n === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * n) / (Math.PI * n);
    return sinc * (0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (taps - 1)));
  });
  const out = new Int16Array(Math.floor((samples.length * RATE) / from));
  for (let i = 0; i < out.length; i++) {
    const c = Math.round((i * from) / RATE);
    let acc = 0;
    for (let k = 0; k < taps; k++) acc += (samples[c + k - (taps >> 1)] ?? 0) * h[k];
    out[i] = Math.max(-32768, Math.min(32767, Math.round(acc)));
  }
  return out;
}

function wav(samples) {
  const buf = Buffer.alloc(44 + samples.length * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + samples.length * 2, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(RATE, 24);
  buf.writeUInt32LE(RATE * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((s, i) => buf.writeInt16LE(s, 44 + i * 2));
  return buf;
}

mkdirSync(OUT, { recursive: true });
for (const [lang, text] of Object.entries(NOTICES)) {
  const r = spawnSync('espeak-ng', ['-v', lang, '-s', '150', '--stdout', text], { maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`espeak-ng -v ${lang}: ${r.error?.message ?? r.stderr.toString()} (apt-get install espeak-ng)`);
  const { rate, samples } = readWav(r.stdout);
  // a quarter second of silence first: the caller's phone has just connected
  const body = resample(samples, rate);
  const out = new Int16Array(RATE / 4 + body.length);
  out.set(body, RATE / 4);
  writeFileSync(join(OUT, `${lang}.wav`), wav(out));
  console.log(`${lang}: ${(out.length / RATE).toFixed(2)} s "${text}"`);
}
