/**
 * Conversation figures from the two channels of a call's recording, with no speech model and no
 * cloud: frame energy, an adaptive noise floor per channel, hangover and minimum-speech smoothing
 * (docs/reports.md, "Conversations", defines every figure with these constants). Pure: samples or
 * frame energies in, figures out; the WAV file is read by wav-reader.ts.
 */

/** One analysis frame: 20 ms. */
export const FRAME_SEC = 0.02;
/** A frame is voice when its energy is this far above the channel's noise floor... */
export const SPEECH_ABOVE_FLOOR_DB = 12;
/** ...and above this absolute level (dBFS), so near-digital silence never counts. */
export const SPEECH_MIN_DBFS = -55;
/** Energies are clamped here (digital silence has none). */
export const ENERGY_MIN_DBFS = -100;
/** Below this a frame holds no signal (one LSB of noise is -90.3 dBFS): digital silence. */
export const DIGITAL_SILENCE_DBFS = -90;
/** The floor is at least the quietest heard frame of this trailing window (a lasting louder noise is learnt). */
export const FLOOR_WINDOW_SEC = 5;
/** The floor falls towards a quieter frame fast (a fraction of the gap per frame)... */
const FLOOR_FALL = 0.3;
/** ...rises towards a louder non-voice frame slowly (time constant ~1 s at 50 frames/s)... */
const FLOOR_RISE = 0.02;
/** ...and creeps up during voice at most this much per frame (0.2 dB/s). */
const FLOOR_CREEP_DB = 0.2 * FRAME_SEC;
/** Voice runs shorter than this are clicks, not speech. */
export const MIN_SPEECH_SEC = 0.1;
/** A voice run is held this long after its last loud frame (bridges the gaps between words). */
export const HANGOVER_SEC = 0.2;
/** A side keeps the floor across its own silences up to this long. */
export const MONOLOGUE_GAP_SEC = 1;
/** The other side's utterances shorter than this ("mm-hm") do not end a monologue. */
export const BACKCHANNEL_SEC = 1;
/** An interruption: a side starts while the other talks, and both talk together at least this long. */
export const INTERRUPTION_OVERLAP_SEC = 0.3;

export type Side = 'rep' | 'caller';

/** A paused stretch of the recording, seconds from its start. */
export interface PauseSpan {
  fromSec: number;
  toSec: number;
}

/** What one call's recording says about the conversation (seconds; shares 0..1). */
export interface ConversationFigures {
  /** Seconds analysed: the recording less its paused stretches. */
  analysedSec: number;
  pausedSec: number;
  repTalkSec: number;
  callerTalkSec: number;
  /** Both talking. */
  overlapSec: number;
  /** Neither talking. */
  silenceSec: number;
  /** repTalk / (repTalk + callerTalk); null when nobody spoke. */
  repTalkShare: number | null;
  /** silence / analysed; null when nothing was analysed. */
  silenceShare: number | null;
  repLongestMonologueSec: number;
  callerLongestMonologueSec: number;
  /** The side of the longest monologue; null when nobody spoke. */
  longestMonologueBy: Side | null;
  /** Times the rep started talking while the caller talked (and the caller went on). */
  repInterruptions: number;
  callerInterruptions: number;
}

const frames = (sec: number) => Math.round(sec / FRAME_SEC);
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Mean-square energy per channel per 20 ms frame, fed with interleaved 16-bit samples in chunks of
 * any size (a stream's). Keeps one float per frame per channel: an hour is 180,000 frames.
 */
export class FrameEnergies {
  readonly samplesPerFrame: number;
  private readonly sums: number[];
  private readonly out: number[][];
  private filled = 0;
  private channel = 0;

  constructor(
    readonly sampleRate: number,
    readonly channels: number,
  ) {
    this.samplesPerFrame = Math.max(1, Math.round(sampleRate * FRAME_SEC));
    this.sums = new Array(channels).fill(0);
    this.out = Array.from({ length: channels }, () => []);
  }

  /** Interleaved samples; a chunk may end in the middle of a frame or between channels. */
  push(samples: Int16Array): void {
    const { channels, samplesPerFrame, sums } = this;
    let ch = this.channel;
    let filled = this.filled;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i];
      sums[ch] += s * s;
      if (++ch === channels) {
        ch = 0;
        if (++filled === samplesPerFrame) {
          for (let c = 0; c < channels; c++) {
            this.out[c].push(toDbfs(sums[c] / samplesPerFrame));
            sums[c] = 0;
          }
          filled = 0;
        }
      }
    }
    this.channel = ch;
    this.filled = filled;
  }

  /** The energies (dBFS) of every whole frame so far; a last partial frame is dropped. */
  result(): Float32Array[] {
    return this.out.map((e) => Float32Array.from(e));
  }
}

/** Mean square of 16-bit samples as dB relative to a full-scale square wave. */
export function toDbfs(meanSquare: number): number {
  if (meanSquare <= 0) return ENERGY_MIN_DBFS;
  return Math.max(ENERGY_MIN_DBFS, 10 * Math.log10(meanSquare / (32768 * 32768)));
}

/** Which frames fall in a paused stretch (excluded from every figure and from the noise floor). */
export function pausedFrames(count: number, pauses: readonly PauseSpan[]): Uint8Array {
  const paused = new Uint8Array(count);
  for (const p of pauses) {
    const from = Math.max(0, Math.floor(p.fromSec / FRAME_SEC));
    const to = Math.min(count, Math.ceil(p.toSec / FRAME_SEC));
    paused.fill(1, from, Math.max(from, to));
  }
  return paused;
}

/**
 * Voice activity of one channel: energy above an adaptive noise floor, then runs shorter than
 * MIN_SPEECH_SEC dropped and the rest held HANGOVER_SEC. Paused frames and digital silence (no
 * signal at all: a dropout, the notice before the rep is connected) are never voice and never move
 * the floor; the floor is never below the quietest frame of the last FLOOR_WINDOW_SEC.
 */
export function detectVoice(energies: Float32Array, paused: Uint8Array): Uint8Array {
  const n = energies.length;
  const loud = new Uint8Array(n);
  const heard = (i: number) => !paused[i] && energies[i] >= DIGITAL_SILENCE_DBFS;
  // Start from a quiet frame of the channel (its 10th percentile), not from whatever comes first.
  const levels: number[] = [];
  for (let i = 0; i < n; i++) if (heard(i)) levels.push(energies[i]);
  levels.sort((a, b) => a - b);
  let floor = levels.length ? levels[Math.floor(levels.length * 0.1)] : ENERGY_MIN_DBFS;
  const window = frames(FLOOR_WINDOW_SEC);
  const quiet: number[] = []; // indexes of heard frames with rising energies: a sliding minimum
  let head = 0;
  for (let i = 0; i < n; i++) {
    if (!heard(i)) continue;
    const e = energies[i];
    while (quiet.length > head && energies[quiet[quiet.length - 1]] >= e) quiet.pop();
    quiet.push(i);
    while (quiet[head] <= i - window) head++;
    floor = Math.max(floor, energies[quiet[head]]);
    const voice = e > floor + SPEECH_ABOVE_FLOOR_DB && e > SPEECH_MIN_DBFS;
    loud[i] = voice ? 1 : 0;
    if (e < floor) floor += FLOOR_FALL * (e - floor);
    else if (!voice) floor += FLOOR_RISE * (e - floor);
    else floor += FLOOR_CREEP_DB;
    if (head > 4096) (quiet.splice(0, head), (head = 0));
  }
  const minRun = frames(MIN_SPEECH_SEC);
  const hold = frames(HANGOVER_SEC);
  const voice = new Uint8Array(n);
  for (const [from, to] of runs(loud)) {
    if (to - from < minRun) continue;
    voice.fill(1, from, Math.min(n, to + hold));
  }
  for (let i = 0; i < n; i++) if (paused[i]) voice[i] = 0;
  return voice;
}

/** Maximal runs of set frames, as [from, to) frame indexes. */
export function runs(active: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= active.length; i++) {
    const on = i < active.length && active[i] === 1;
    if (on && start < 0) start = i;
    else if (!on && start >= 0) (out.push([start, i]), (start = -1));
  }
  return out;
}

/**
 * A side's longest monologue, in frames: its utterances joined across its own silences up to
 * MONOLOGUE_GAP_SEC, cut where the other side says something of BACKCHANNEL_SEC or more, or at a pause.
 */
function longestMonologue(self: Uint8Array, other: Uint8Array, paused: Uint8Array): number {
  const backchannel = frames(BACKCHANNEL_SEC);
  const breaks = new Uint8Array(self.length);
  for (const [from, to] of runs(other)) if (to - from >= backchannel) breaks.fill(1, from, to);
  for (let i = 0; i < paused.length; i++) if (paused[i]) breaks[i] = 1;
  const gap = frames(MONOLOGUE_GAP_SEC);
  let best = 0;
  let start = -1;
  let lastVoice = -1;
  for (let i = 0; i <= self.length; i++) {
    const end = i === self.length || breaks[i] === 1 || (start >= 0 && self[i] === 0 && i - lastVoice > gap);
    if (end) {
      if (start >= 0) best = Math.max(best, lastVoice + 1 - start);
      start = -1;
      if (i === self.length || breaks[i] === 1) continue;
    }
    if (self[i] === 1) {
      if (start < 0) start = i;
      lastVoice = i;
    }
  }
  return best;
}

/** Times `self` starts an utterance while `other` talks, and both go on together INTERRUPTION_OVERLAP_SEC. */
function interruptions(self: Uint8Array, other: Uint8Array): number {
  const need = frames(INTERRUPTION_OVERLAP_SEC);
  let count = 0;
  for (const [from] of runs(self)) {
    if (from === 0 || other[from] !== 1 || other[from - 1] !== 1) continue;
    let both = 0;
    for (let i = from; i < self.length && self[i] === 1 && other[i] === 1 && both < need; i++) both++;
    if (both >= need) count++;
  }
  return count;
}

/** The figures of one call from its channels' frame energies (`repChannel`: which one is the rep). */
export function conversationFigures(energies: readonly Float32Array[], repChannel: 0 | 1, pauses: readonly PauseSpan[]): ConversationFigures {
  if (energies.length !== 2) throw new Error('conversation figures need two channels');
  const n = Math.min(energies[0].length, energies[1].length);
  const paused = pausedFrames(n, pauses);
  const rep = detectVoice(energies[repChannel].subarray(0, n), paused);
  const caller = detectVoice(energies[1 - repChannel].subarray(0, n), paused);
  let analysed = 0, repTalk = 0, callerTalk = 0, overlap = 0, silence = 0;
  for (let i = 0; i < n; i++) {
    if (paused[i]) continue;
    analysed++;
    repTalk += rep[i];
    callerTalk += caller[i];
    if (rep[i] && caller[i]) overlap++;
    if (!rep[i] && !caller[i]) silence++;
  }
  const repLongest = longestMonologue(rep, caller, paused);
  const callerLongest = longestMonologue(caller, rep, paused);
  const sec = (f: number) => round(f * FRAME_SEC);
  return {
    analysedSec: sec(analysed),
    pausedSec: sec(n - analysed),
    repTalkSec: sec(repTalk),
    callerTalkSec: sec(callerTalk),
    overlapSec: sec(overlap),
    silenceSec: sec(silence),
    repTalkShare: repTalk + callerTalk ? round(repTalk / (repTalk + callerTalk), 4) : null,
    silenceShare: analysed ? round(silence / analysed, 4) : null,
    repLongestMonologueSec: sec(repLongest),
    callerLongestMonologueSec: sec(callerLongest),
    longestMonologueBy: repLongest === 0 && callerLongest === 0 ? null : repLongest >= callerLongest ? 'rep' : 'caller',
    repInterruptions: interruptions(rep, caller),
    callerInterruptions: interruptions(caller, rep),
  };
}
