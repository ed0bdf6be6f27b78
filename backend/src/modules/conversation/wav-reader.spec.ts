import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversationFigures, FrameEnergies } from './conversation-analyser';
import { synthesize, wavBytes } from './testing/scripted-call';
import { readWavEnergies, type WavLimits, WavRefused } from './wav-reader';

const dir = mkdtempSync(join(tmpdir(), 'wav-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer) => {
  const path = join(dir, `f${n++}.wav`);
  writeFileSync(path, bytes);
  return path;
};
const CALL = { sampleRate: 8000, durationSec: 12, repChannel: 0 as const, lines: [{ side: 'rep' as const, fromSec: 2, toSec: 6 }, { side: 'caller' as const, fromSec: 7, toSec: 11 }] };
const samples = synthesize(CALL);
const good = wavBytes(samples, 8000, 2);
const refused = async (path: string, limits?: WavLimits) => {
  const err = await readWavEnergies(path, limits).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(WavRefused);
  return (err as WavRefused).problem;
};
/** `good` with a chunk inserted between fmt and data. */
const withChunk = (id: string, body: Buffer, sizeField = body.length) => {
  const h = Buffer.alloc(8);
  h.write(id, 0, 'ascii');
  h.writeUInt32LE(sizeField, 4);
  const pad = body.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0);
  const out = Buffer.concat([good.subarray(0, 36), h, body, pad, good.subarray(36)]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
};

describe('readWavEnergies', () => {
  it('should give the same frame energies as the samples when the file is a stereo 16-bit PCM WAV', async () => {
    const { format, energies } = await readWavEnergies(file(good));
    expect(format).toMatchObject({ sampleRate: 8000, channels: 2, durationSec: 12 });
    const direct = new FrameEnergies(8000, 2);
    direct.push(samples);
    expect(energies.map((e) => [...e])).toEqual(direct.result().map((e) => [...e]));
    const f = conversationFigures(energies, 0, []);
    expect(f.repTalkSec).toBeGreaterThan(3.8);
    expect(f.callerTalkSec).toBeGreaterThan(3.8);
  });

  it('should skip other chunks (odd-sized, padded) before the samples when the writer adds them', async () => {
    const { format } = await readWavEnergies(file(withChunk('LIST', Buffer.from('INFOxyz'))));
    expect(format.dataBytes).toBe(samples.byteLength);
  });

  it('should read to the end of the file when the writer left the data size unknown', async () => {
    const bytes = Buffer.from(good);
    bytes.writeUInt32LE(0xffffffff, 40);
    expect((await readWavEnergies(file(bytes))).format.durationSec).toBe(12);
  });

  it('should read WAVE_FORMAT_EXTENSIBLE when its sub-format is PCM', async () => {
    const ext = Buffer.alloc(40);
    good.copy(ext, 0, 20, 36);
    ext.writeUInt16LE(0xfffe, 0);
    ext.writeUInt16LE(22, 16);
    ext.writeUInt16LE(1, 24); // KSDATAFORMAT_SUBTYPE_PCM starts with 0x0001
    const bytes = Buffer.concat([good.subarray(0, 12), Buffer.from('fmt '), Buffer.from([40, 0, 0, 0]), ext, good.subarray(36)]);
    expect((await readWavEnergies(file(bytes))).format.channels).toBe(2);
  });

  it('should refuse a file larger than the limit before reading it', async () => {
    expect(await refused(file(good), { maxBytes: good.length - 1, maxDurationSec: 3600 })).toBe('too_large');
  });

  it('should refuse a recording longer than the limit when the header says so', async () => {
    expect(await refused(file(good), { maxBytes: 1e9, maxDurationSec: 10 })).toBe('too_long');
  });

  it('should refuse what is not a RIFF/WAVE file', async () => {
    expect(await refused(file(Buffer.from('ID3\x03 not a wave file at all, an mp3 maybe')))).toBe('not_wav');
    expect(await refused(file(Buffer.alloc(0)))).toBe('not_wav');
    expect(await refused(file(good.subarray(0, 30)))).toBe('not_wav');
  });

  it('should refuse samples that are not 16-bit PCM with one or two channels', async () => {
    const variant = (offset: number, value: number) => {
      const b = Buffer.from(good);
      b.writeUInt16LE(value, offset);
      return file(b);
    };
    expect(await refused(variant(20, 3))).toBe('bad_format'); // IEEE float
    expect(await refused(variant(34, 8))).toBe('bad_format'); // 8 bits
    expect(await refused(variant(22, 3))).toBe('bad_format'); // three channels
    expect(await refused(variant(32, 2))).toBe('bad_format'); // block align of mono in a stereo file
  });

  it('should refuse a mono file before reading its samples when two channels are required', async () => {
    const mono = file(wavBytes(samples, 8000, 1));
    expect(await refused(mono, { maxBytes: 1e9, maxDurationSec: 3600, channels: 2 })).toBe('not_stereo');
    expect((await readWavEnergies(mono)).energies).toHaveLength(1);
  });

  it('should refuse a file whose samples are cut short of the size its header declares', async () => {
    expect(await refused(file(good.subarray(0, good.length - 1000)))).toBe('truncated');
  });

  it('should refuse a chunk before the samples that claims gigabytes', async () => {
    expect(await refused(file(withChunk('junk', Buffer.alloc(4), 0x7fffffff)))).toBe('bad_format');
  });

  it('should refuse samples that come before the format', async () => {
    const bytes = Buffer.concat([good.subarray(0, 12), good.subarray(36)]);
    expect(await refused(file(bytes))).toBe('bad_format');
  });
});
