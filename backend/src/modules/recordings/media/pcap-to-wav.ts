import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { g711Table } from './g711';

// The project's converter (ADR 0030): rtpengine's pcap recording (every RTP packet it received,
// with its arrival time) → one two-channel 16-bit 8 kHz WAV. A packet's channel is the party it
// came from, known by the rtpengine port it arrived at; its place in time is its stream's first
// arrival plus RTP timestamp steps (jitter-free), so a stretch with no packets (a pause between two
// pcap segments, a hold) is silence at the right place.

export const SAMPLE_RATE = 8000;
const MAX_SECONDS = 6 * 3600;
/** A stream whose RTP clock strays further than this from its arrival times is re-anchored. */
const MAX_DRIFT_SAMPLES = SAMPLE_RATE;

export interface RtpPacket {
  /** Arrival, ms since the epoch. */
  atMs: number;
  srcPort: number;
  dstPort: number;
  payloadType: number;
  ssrc: number;
  timestamp: number;
  payload: Buffer;
}

export class PcapFormatError extends Error {}

/** Every UDP/RTP packet of a pcap file (link type raw IP (101, 12, 228, 229) or Ethernet (1)). */
export function readRtpPackets(data: Buffer): RtpPacket[] {
  if (data.length < 24) throw new PcapFormatError('pcap: shorter than its header');
  const magic = data.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && data.readUInt32BE(0) !== 0xa1b2c3d4 && data.readUInt32BE(0) !== 0xa1b23c4d) throw new PcapFormatError('pcap: bad magic');
  const nano = (le ? magic : data.readUInt32BE(0)) === 0xa1b23c4d;
  const u32 = (o: number) => (le ? data.readUInt32LE(o) : data.readUInt32BE(o));
  const linkType = u32(20);
  const linkHeader = linkType === 1 ? 14 : [101, 12, 228, 229].includes(linkType) ? 0 : -1;
  if (linkHeader < 0) throw new PcapFormatError(`pcap: unsupported link type ${linkType}`);
  const out: RtpPacket[] = [];
  // a file cut short by a full disk or a crash ends at its last whole record
  for (let o = 24; o + 16 <= data.length; ) {
    const sec = u32(o);
    const frac = u32(o + 4);
    const incl = u32(o + 8);
    const start = o + 16;
    o = start + incl;
    if (o > data.length) break;
    const pkt = data.subarray(start + linkHeader, start + incl);
    const rtp = udpPayload(pkt);
    if (!rtp || rtp.udp.length < 12 || rtp.udp[0]! >> 6 !== 2) continue;
    const cc = rtp.udp[0]! & 0x0f;
    const ext = (rtp.udp[0]! & 0x10) !== 0;
    let hdr = 12 + cc * 4;
    if (ext && rtp.udp.length >= hdr + 4) hdr += 4 + rtp.udp.readUInt16BE(hdr + 2) * 4;
    let end = rtp.udp.length;
    if (rtp.udp[0]! & 0x20) end -= rtp.udp[end - 1] ?? 0;
    if (hdr > end) continue;
    const payloadType = rtp.udp[1]! & 0x7f;
    // RTCP (200-204 with the marker bit) shares the port when muxed
    if (payloadType >= 72 && payloadType <= 76) continue;
    out.push({
      atMs: sec * 1000 + (nano ? frac / 1e6 : frac / 1000),
      srcPort: rtp.srcPort,
      dstPort: rtp.dstPort,
      payloadType,
      ssrc: rtp.udp.readUInt32BE(8),
      timestamp: rtp.udp.readUInt32BE(4),
      payload: rtp.udp.subarray(hdr, end),
    });
  }
  return out;
}

function udpPayload(ip: Buffer): { srcPort: number; dstPort: number; udp: Buffer } | null {
  if (ip.length < 1) return null;
  const version = ip[0]! >> 4;
  let off: number;
  if (version === 4) {
    if (ip.length < 20 || ip[9] !== 17) return null;
    off = (ip[0]! & 0x0f) * 4;
  } else if (version === 6) {
    if (ip.length < 40 || ip[6] !== 17) return null;
    off = 40;
  } else return null;
  if (ip.length < off + 8) return null;
  return { srcPort: ip.readUInt16BE(off), dstPort: ip.readUInt16BE(off + 2), udp: ip.subarray(off + 8) };
}

export interface ConvertInput {
  /** The recording's start (ms since the epoch): sample 0 of the file. */
  startMs: number;
  /** The recording's end: the file is this long at least (silence after the last packet). */
  endMs: number;
  /** rtpengine's ports each channel's party sends to (channel 0 = the caller, 1 = the callee). */
  channelPorts: [number[], number[]];
}

export interface ConvertResult {
  wav: Buffer;
  durationSec: number;
  /** Packets placed per channel. */
  packets: [number, number];
  /** Packets from no known party or not G.711. */
  skipped: number;
}

/** Work between two yields to the event loop (the backend serves requests meanwhile): ~40 s of one party's audio. */
const PACKETS_PER_SLICE = 2000;
const FRAMES_PER_SLICE = 320_000;
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** rtpengine's pcap segments of one recording (in any order) → a two-channel WAV. */
export async function pcapsToWav(files: string[], input: ConvertInput): Promise<ConvertResult> {
  const packets: RtpPacket[] = [];
  for (const f of files) {
    for (const p of readRtpPackets(await readFile(f))) packets.push(p);
    await yieldToLoop();
  }
  return packetsToWav(packets, input);
}

export async function packetsToWav(packets: RtpPacket[], input: ConvertInput): Promise<ConvertResult> {
  const channelOf = new Map<number, number>();
  input.channelPorts.forEach((ports, ch) => ports.forEach((p) => channelOf.set(p, ch)));
  const lengthSamples = Math.max(0, Math.min(MAX_SECONDS * SAMPLE_RATE, Math.round(((input.endMs - input.startMs) * SAMPLE_RATE) / 1000)));
  let total = lengthSamples;
  const samples: Int16Array[] = [new Int16Array(lengthSamples), new Int16Array(lengthSamples)];
  const counts: [number, number] = [0, 0];
  let skipped = 0;
  // per stream (channel + SSRC): the sample its first packet fell on and that packet's RTP timestamp
  const anchors = new Map<string, { sample: number; ts: number }>();
  packets.sort((a, b) => a.atMs - b.atMs);
  let done = 0;
  for (const p of packets) {
    if (++done % PACKETS_PER_SLICE === 0) await yieldToLoop();
    const ch = channelOf.get(p.dstPort);
    const table = g711Table(p.payloadType);
    if (ch === undefined || !table) {
      skipped++;
      continue;
    }
    const arrival = Math.round(((p.atMs - input.startMs) * SAMPLE_RATE) / 1000);
    const key = `${ch}:${p.ssrc}`;
    let anchor = anchors.get(key);
    let at = anchor ? anchor.sample + ((p.timestamp - anchor.ts) | 0) : arrival;
    if (!anchor || Math.abs(at - arrival) > MAX_DRIFT_SAMPLES) {
      anchor = { sample: arrival, ts: p.timestamp };
      anchors.set(key, anchor);
      at = arrival;
    }
    if (at < 0 || at + p.payload.length > MAX_SECONDS * SAMPLE_RATE) {
      skipped++;
      continue;
    }
    if (at + p.payload.length > total) {
      total = at + p.payload.length;
      for (let c = 0; c < 2; c++) {
        if (samples[c]!.length >= total) continue;
        const grown = new Int16Array(Math.max(total, samples[c]!.length * 2));
        grown.set(samples[c]!);
        samples[c] = grown;
      }
    }
    const dst = samples[ch]!;
    for (let k = 0; k < p.payload.length; k++) dst[at + k] = table[p.payload[k]!]!;
    counts[ch as 0 | 1]++;
  }
  return { wav: await stereoWav(samples[0]!, samples[1]!, total), durationSec: total / SAMPLE_RATE, packets: counts, skipped };
}

/** RIFF/WAVE, PCM 16-bit, two channels interleaved, 8 kHz. */
export async function stereoWav(left: Int16Array, right: Int16Array, length: number): Promise<Buffer> {
  const data = length * 4;
  const buf = Buffer.alloc(44 + data);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + data, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(2, 22);
  buf.writeUInt32LE(SAMPLE_RATE, 24);
  buf.writeUInt32LE(SAMPLE_RATE * 4, 28);
  buf.writeUInt16LE(4, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(data, 40);
  if (endianness() !== 'LE') {
    for (let i = 0; i < length; i++) {
      buf.writeInt16LE(left[i] ?? 0, 44 + i * 4);
      buf.writeInt16LE(right[i] ?? 0, 46 + i * 4);
    }
    return buf;
  }
  // little-endian hosts (x86, arm64): interleave straight into the buffer's memory
  const frames = new Int16Array(buf.buffer, buf.byteOffset + 44, length * 2);
  for (let i = 0; i < length; i++) {
    if (i % FRAMES_PER_SLICE === FRAMES_PER_SLICE - 1) await yieldToLoop();
    frames[i * 2] = left[i] ?? 0;
    frames[i * 2 + 1] = right[i] ?? 0;
  }
  return buf;
}
