import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { FrameEnergies } from './conversation-analyser';

/** Why a WAV file is refused (the service logs it with the call id; nothing is stored). */
export type WavProblem = 'too_large' | 'not_wav' | 'bad_format' | 'truncated' | 'too_long' | 'not_stereo';

export class WavRefused extends Error {
  constructor(
    readonly problem: WavProblem,
    detail: string,
  ) {
    super(`WAV refused (${problem}): ${detail}`);
  }
}

export interface WavFormat {
  sampleRate: number;
  channels: number;
  /** Bytes of samples (the data chunk). */
  dataBytes: number;
  durationSec: number;
}

export interface WavLimits {
  /** Larger files are refused before a byte is read. */
  maxBytes: number;
  /** Longer recordings are refused once the header is read. */
  maxDurationSec: number;
  /** Only this many channels, refused once the header is read (`not_stereo` when 2); any when unset. */
  channels?: 1 | 2;
}

/** A recording of up to 4 hours; at 48 kHz stereo that is 2.8 GB, so the size cap comes first for wide-band files. */
export const DEFAULT_WAV_LIMITS: WavLimits = { maxBytes: 1024 ** 3, maxDurationSec: 4 * 3600 };
/** The header (RIFF, fmt and any chunks before data) must fit here. */
const MAX_HEADER_BYTES = 64 * 1024;
const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Writers that stream set the data size to this (or 0) and never come back to fix it. */
const UNKNOWN_SIZE = 0xffffffff;

/**
 * The format of a 16-bit PCM WAV from the bytes at its start, and where its samples begin; null
 * while more bytes are needed. Throws WavRefused on anything else.
 */
export function parseWavHeader(head: Buffer, fileBytes: number): (WavFormat & { dataOffset: number }) | null {
  if (head.length < 12) return null;
  if (head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') throw new WavRefused('not_wav', 'no RIFF/WAVE header');
  let at = 12;
  let fmt: { sampleRate: number; channels: number } | null = null;
  while (true) {
    if (at + 8 > head.length) return null;
    const id = head.toString('ascii', at, at + 4);
    const size = head.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'data') {
      if (!fmt) throw new WavRefused('bad_format', 'data before fmt');
      const available = fileBytes - body;
      const dataBytes = size === UNKNOWN_SIZE || size === 0 ? available : size;
      if (dataBytes > available) throw new WavRefused('truncated', `data holds ${available} of ${dataBytes} bytes`);
      const frame = fmt.channels * 2;
      const whole = dataBytes - (dataBytes % frame);
      return { ...fmt, dataBytes: whole, dataOffset: body, durationSec: whole / frame / fmt.sampleRate };
    }
    if (body + size + (size & 1) > MAX_HEADER_BYTES) throw new WavRefused('bad_format', `chunk "${printable(id)}" before the samples is too large`);
    if (body + size > head.length) return null;
    if (id === 'fmt ') fmt = readFmt(head.subarray(body, body + size));
    at = body + size + (size & 1); // chunks are word-aligned
  }
}

function readFmt(b: Buffer): { sampleRate: number; channels: number } {
  if (b.length < 16) throw new WavRefused('bad_format', 'fmt chunk too short');
  const tag = b.readUInt16LE(0);
  const channels = b.readUInt16LE(2);
  const sampleRate = b.readUInt32LE(4);
  const byteRate = b.readUInt32LE(8);
  const blockAlign = b.readUInt16LE(12);
  const bits = b.readUInt16LE(14);
  // WAVE_FORMAT_EXTENSIBLE names PCM by its sub-format GUID, whose first two bytes are the tag 1
  const pcm = tag === WAVE_FORMAT_PCM || (tag === WAVE_FORMAT_EXTENSIBLE && b.length >= 40 && b.readUInt16LE(24) === WAVE_FORMAT_PCM);
  if (!pcm) throw new WavRefused('bad_format', `format ${tag} is not PCM`);
  if (bits !== 16) throw new WavRefused('bad_format', `${bits} bits per sample (16 needed)`);
  if (channels !== 1 && channels !== 2) throw new WavRefused('bad_format', `${channels} channels`);
  if (sampleRate < 8000 || sampleRate > 48000) throw new WavRefused('bad_format', `sample rate ${sampleRate}`);
  if (blockAlign !== channels * 2 || byteRate !== sampleRate * blockAlign) throw new WavRefused('bad_format', 'block align or byte rate do not match the format');
  return { sampleRate, channels };
}

const printable = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

/**
 * Reads a WAV file as a stream (never whole into memory) into per-channel frame energies. Refuses a
 * file over `limits.maxBytes` before reading it, and anything but 16-bit PCM, mono or stereo.
 */
export async function readWavEnergies(path: string, limits: WavLimits = DEFAULT_WAV_LIMITS): Promise<{ format: WavFormat; energies: Float32Array[] }> {
  const { size, isFile } = await stat(path).then((s) => ({ size: s.size, isFile: s.isFile() }));
  if (!isFile) throw new WavRefused('not_wav', 'not a file');
  if (size > limits.maxBytes) throw new WavRefused('too_large', `${size} bytes (at most ${limits.maxBytes})`);
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  let head = Buffer.alloc(0);
  let format: (WavFormat & { dataOffset: number }) | null = null;
  let energies: FrameEnergies | null = null;
  let left = 0;
  let odd: Buffer | null = null; // a sample split between two chunks
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let bytes = chunk;
      if (!format) {
        head = Buffer.concat([head, chunk]);
        format = parseWavHeader(head, size);
        if (!format) {
          if (head.length >= MAX_HEADER_BYTES) throw new WavRefused('bad_format', 'no samples in the first 64 KiB');
          continue;
        }
        if (format.durationSec > limits.maxDurationSec) throw new WavRefused('too_long', `${Math.round(format.durationSec)} s (at most ${limits.maxDurationSec})`);
        if (limits.channels && format.channels !== limits.channels) throw new WavRefused(limits.channels === 2 ? 'not_stereo' : 'bad_format', `${format.channels} channel(s)`);
        energies = new FrameEnergies(format.sampleRate, format.channels);
        left = format.dataBytes;
        bytes = head.subarray(format.dataOffset);
        head = Buffer.alloc(0);
      }
      if (odd) (bytes = Buffer.concat([odd, bytes])), (odd = null);
      const take = Math.min(bytes.length, left);
      const even = take - (take % 2);
      if (take % 2) odd = Buffer.from(bytes.subarray(even, take));
      left -= even;
      // copied to an aligned buffer: Int16Array needs an even byte offset
      const aligned = new Int16Array(even / 2);
      Buffer.from(aligned.buffer).set(bytes.subarray(0, even));
      energies!.push(aligned);
      if (left <= 0) break;
    }
  } finally {
    stream.destroy();
  }
  if (!format || !energies) throw new WavRefused('not_wav', 'the file ends inside its header');
  if (left > 0) throw new WavRefused('truncated', `${left} bytes of samples missing`);
  return { format, energies: energies.result() };
}
