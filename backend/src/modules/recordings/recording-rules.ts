import type { CallRecordingStatus, Language, RecordingPolicy, RecordingSettings } from '@callboard/contracts';
import type { RecordingMedia } from './recording-media.port';

/**
 * The recordings module's decisions, pure: which policy a call falls under, what a spool file's
 * name and WAV header must be, what a Range header asks for. Effects live in the services.
 */

/** What a call is matched on: the sales number the carrier called (inbound) and the deal's pipeline. */
export interface CallForPolicy {
  direction: 'inbound' | 'outbound' | null;
  /** E.164, as the calls module normalised it. */
  toNumber: string | null;
  pipelineId: string | null;
}

/** The called sales number's policy (inbound only), else the deal's pipeline's, else the team default. */
export function policyFor(call: CallForPolicy, settings: Pick<RecordingSettings, 'defaultPolicy' | 'pipelines' | 'numbers'>): RecordingPolicy {
  if (call.direction === 'inbound' && call.toNumber) {
    const byNumber = settings.numbers.find((n) => n.number === call.toNumber);
    if (byNumber) return byNumber.policy;
  }
  if (call.pipelineId) {
    const byPipeline = settings.pipelines.find((p) => p.pipelineId === call.pipelineId);
    if (byPipeline) return byPipeline.policy;
  }
  return settings.defaultPolicy;
}

/** A spool file name from the media side: a bare name (no folder, no dot-dot, no hidden file), or null. */
export function bareSpoolName(name: string): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(name)) return null;
  if (name.includes('..')) return null;
  if (!/\.wav$/i.test(name)) return null;
  return name;
}

export interface WavFacts {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** 1 PCM, 6 A-law, 7 µ-law, 0xfffe extensible. */
  format: number;
  dataBytes: number;
  durationSec: number;
}

const WAV_FORMATS = new Set([1, 3, 6, 7, 0xfffe]);

/**
 * The facts of a WAV file from its first bytes (RIFF/WAVE, a `fmt ` chunk, a `data` chunk), or
 * the reason it is not one we keep. `fileSize` bounds the data chunk (a streaming writer may leave
 * the sizes at 0 or 0xffffffff: the data then runs to the end of the file).
 */
export function readWavHeader(head: Buffer, fileSize: number): WavFacts | { invalid: string } {
  if (head.length < 44) return { invalid: 'shorter than a WAV header' };
  if (head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') return { invalid: 'not RIFF/WAVE' };
  let offset = 12;
  let fmt: Omit<WavFacts, 'dataBytes' | 'durationSec'> & { byteRate: number } | null = null;
  while (offset + 8 <= head.length) {
    const id = head.toString('ascii', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > head.length) return { invalid: 'short fmt chunk' };
      fmt = {
        format: head.readUInt16LE(body),
        channels: head.readUInt16LE(body + 2),
        sampleRate: head.readUInt32LE(body + 4),
        byteRate: head.readUInt32LE(body + 8),
        bitsPerSample: head.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) return { invalid: 'data before fmt' };
      if (!WAV_FORMATS.has(fmt.format)) return { invalid: `audio format ${fmt.format} is not kept` };
      if (fmt.channels < 1 || fmt.channels > 2) return { invalid: `${fmt.channels} channels` };
      if (fmt.sampleRate < 4000 || fmt.sampleRate > 192_000 || fmt.byteRate <= 0) return { invalid: 'implausible sample rate' };
      const room = fileSize - body;
      const dataBytes = size === 0 || size === 0xffffffff || size > room ? Math.max(0, room) : size;
      const { byteRate, ...facts } = fmt;
      return { ...facts, dataBytes, durationSec: Math.round((dataBytes / byteRate) * 1000) / 1000 };
    }
    offset = body + size + (size % 2);
  }
  return { invalid: 'no data chunk in the first bytes' };
}

/** A Range header over a file of `size` bytes: the one range asked for, `unsatisfiable`, or null (the whole file). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (header === undefined || header === '') return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // several ranges or another unit: not served as ranges (RFC 9110 lets a server ignore Range)
  if (!m) return header.trim().startsWith('bytes=') && !header.includes(',') ? 'unsatisfiable' : null;
  const [, a, b] = m;
  if (a === '' && b === '') return 'unsatisfiable';
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** What the answer did to a call's recording: its first status, and the media server's error if it refused. */
export interface AnswerOutcome {
  status: CallRecordingStatus;
  failure: 'media_error' | null;
  error: Error | null;
}

/**
 * At the answer, for a policy other than off: every call starts at once with the notice in the
 * team's language; on demand waits for Record; without a media adapter recording is unavailable.
 * A refused start fails the recording, never the call (nothing is thrown).
 */
export async function recordAtAnswer(
  media: RecordingMedia | null,
  policy: Exclude<RecordingPolicy, 'off'>,
  sipCallId: string,
  notice: Language,
  direction: 'inbound' | 'outbound' | null = 'inbound',
): Promise<AnswerOutcome> {
  if (!media) return { status: 'unavailable', failure: null, error: null };
  if (policy === 'on_demand') return { status: 'ready', failure: null, error: null };
  try {
    await media.start(sipCallId, { notice, noticeTo: customerSide(direction) });
    return { status: 'recording', failure: null, error: null };
  } catch (err) {
    return { status: 'failed', failure: 'media_error', error: err instanceof Error ? err : new Error(String(err)) };
  }
}

/**
 * Which SIP party is the customer: the caller of an inbound call, the callee of an outbound one
 * (the rep placed it). The notice is played to that party.
 */
export function customerSide(direction: 'inbound' | 'outbound' | null): 'caller' | 'callee' {
  return direction === 'outbound' ? 'callee' : 'caller';
}

/**
 * The rep's channel in a two-channel file from the media side, whose channel 0 is the SIP caller
 * (the From side) and 1 the callee: an outbound call's rep is its caller.
 */
export function repChannelOf(direction: 'inbound' | 'outbound' | null): 0 | 1 {
  return direction === 'outbound' ? 0 : 1;
}
