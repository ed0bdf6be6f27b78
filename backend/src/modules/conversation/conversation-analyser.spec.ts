import { conversationFigures, FrameEnergies, runs, type PauseSpan } from './conversation-analyser';
import { type ScriptedCall, type ScriptLine, scriptTruth, synthesize } from './testing/scripted-call';

const figuresOf = (call: ScriptedCall, pauses: PauseSpan[] = [], samples = synthesize(call)) => {
  const e = new FrameEnergies(call.sampleRate, 2);
  // fed in odd-sized chunks, as a stream delivers them
  for (let i = 0; i < samples.length; i += 1001) e.push(samples.subarray(i, i + 1001));
  return conversationFigures(e.result(), call.repChannel, pauses);
};
const within = (actual: number, expected: number, share = 0.05) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * share);

// A one-minute call: the caller asks, the rep explains for 22 s (the caller says "mm-hm" at 20 s),
// the caller answers and the rep cuts in at 38 s, five seconds of nobody, then a quick exchange.
const SCRIPT: ScriptLine[] = [
  { side: 'caller', fromSec: 1, toSec: 8 },
  { side: 'rep', fromSec: 9, toSec: 31 },
  { side: 'caller', fromSec: 20, toSec: 20.5 },
  { side: 'caller', fromSec: 32, toSec: 40 },
  { side: 'rep', fromSec: 38, toSec: 45 },
  { side: 'caller', fromSec: 50, toSec: 55 },
  { side: 'rep', fromSec: 55.1, toSec: 58 },
];
const CALL: ScriptedCall = { sampleRate: 8000, durationSec: 60, repChannel: 1, lines: SCRIPT };

describe('conversationFigures', () => {
  it('should give the talk/listen ratio and the longest monologue within 5% of the script when each side speaks at known times', () => {
    const f = figuresOf(CALL);
    const rep = scriptTruth(SCRIPT, 'rep');
    const caller = scriptTruth(SCRIPT, 'caller');
    within(f.repTalkSec, rep.talkSec);
    within(f.callerTalkSec, caller.talkSec);
    within(f.repTalkShare!, rep.talkSec / (rep.talkSec + caller.talkSec));
    // the rep's 9-31 s (the caller's half-second "mm-hm" does not end it)
    within(f.repLongestMonologueSec, 22);
    // the caller's 1-8 s: their 32-40 s is cut at 38 s by the rep
    within(f.callerLongestMonologueSec, 7);
    expect(f.longestMonologueBy).toBe('rep');
    within(f.analysedSec, 60, 0.001);
    expect(f.pausedSec).toBe(0);
  });

  it('should count an interruption for the side that starts while the other talks when both go on together', () => {
    const f = figuresOf(CALL);
    // the caller's "mm-hm" inside the rep's monologue; the rep cutting in at 38 s; not the quick turn at 55.1 s
    expect(f.callerInterruptions).toBe(1);
    expect(f.repInterruptions).toBe(1);
    within(f.overlapSec, 2.5, 0.2);
  });

  it('should measure the silence share as the stretches where neither side talks', () => {
    const f = figuresOf(CALL);
    // nobody: 0-1, 8-9, 31-32, 45-50, 58-60 (10.5 s; each stretch shortened by the 0.2 s hangover)
    expect(Math.abs(f.silenceShare! - 10.5 / 60)).toBeLessThanOrEqual(0.03);
    within(f.silenceSec + f.repTalkSec + f.callerTalkSec - f.overlapSec, f.analysedSec, 0.001);
  });

  it('should find the rep on channel 0 when repChannel is 0', () => {
    const f = figuresOf({ ...CALL, repChannel: 0 });
    within(f.repTalkSec, scriptTruth(SCRIPT, 'rep').talkSec);
    expect(f.longestMonologueBy).toBe('rep');
  });

  it('should give the same figures at 16 kHz and on a louder line when the script is the same', () => {
    const f = figuresOf({ ...CALL, sampleRate: 16000, noiseDbfs: -35, speechDbfs: -12 });
    within(f.repTalkSec, scriptTruth(SCRIPT, 'rep').talkSec);
    within(f.callerTalkSec, scriptTruth(SCRIPT, 'caller').talkSec);
    within(f.repLongestMonologueSec, 22);
  });

  it('should give the same figures within 5% when the speech is bursts of noise instead of tones', () => {
    const f = figuresOf({ ...CALL, voice: 'noise', seed: 11 });
    within(f.repTalkSec, scriptTruth(SCRIPT, 'rep').talkSec);
    within(f.callerTalkSec, scriptTruth(SCRIPT, 'caller').talkSec);
    within(f.repLongestMonologueSec, 22);
    within(f.callerLongestMonologueSec, 7);
    expect([f.repInterruptions, f.callerInterruptions]).toEqual([1, 1]);
  });

  it('should leave a paused stretch out of every figure when the rep paused the recording', () => {
    // the caller reads a card number at 40-49 s while paused (recorded here on purpose: it must not count)
    const lines: ScriptLine[] = [...SCRIPT.filter((l) => l.fromSec < 40), { side: 'caller', fromSec: 41, toSec: 49 }];
    const f = figuresOf({ ...CALL, lines }, [{ fromSec: 40, toSec: 50 }]);
    expect(f.pausedSec).toBeCloseTo(10, 1);
    expect(f.analysedSec).toBeCloseTo(50, 1);
    // the rep's 38-45 s counts only up to the pause; the caller's 41-49 s not at all
    within(f.repTalkSec, 22 + 2, 0.05);
    within(f.callerTalkSec, 7 + 0.5 + 8, 0.05);
    within(f.callerLongestMonologueSec, 7);
  });

  it('should not take the noise after digital silence for speech when a stretch of the recording is all zeros', () => {
    const call: ScriptedCall = { ...CALL, lines: [{ side: 'caller', fromSec: 20, toSec: 30 }] };
    const samples = synthesize(call);
    samples.fill(0, 0, 8000 * 2 * 10); // the first ten seconds carry no signal at all on either side
    const f = figuresOf(call, [], samples);
    within(f.callerTalkSec, 10);
    expect(f.repTalkSec).toBe(0);
    expect(f.repInterruptions + f.callerInterruptions).toBe(0);
  });

  it('should learn a lasting louder background within seconds when the noise steps up', () => {
    const call: ScriptedCall = { ...CALL, speechDbfs: -10, lines: [{ side: 'rep', fromSec: 40, toSec: 50 }] };
    const samples = synthesize(call);
    const louder = synthesize({ ...call, lines: [], noiseDbfs: -30, seed: 3 });
    for (let i = 8000 * 2 * 20; i < samples.length; i += 2) samples[i + call.repChannel] = louder[i + call.repChannel] + samples[i + call.repChannel];
    const f = figuresOf(call, [], samples);
    // from 20 s the rep's channel is 20 dB noisier: at most the window (5 s) taken for voice, and the speech at 40-50 s is heard
    expect(f.repTalkSec).toBeGreaterThanOrEqual(9.5);
    expect(f.repTalkSec).toBeLessThanOrEqual(10.5 + 5.5);
  });

  it('should report no speech, full silence and no monologue when nobody speaks', () => {
    const f = figuresOf({ ...CALL, lines: [] });
    expect(f.repTalkShare).toBeNull();
    expect(f.longestMonologueBy).toBeNull();
    expect(f.silenceShare).toBe(1);
  });

  it('should drop clicks shorter than the minimum speech length when a channel has short bursts', () => {
    const lines: ScriptLine[] = [10, 20, 30].map((t) => ({ side: 'caller' as const, fromSec: t, toSec: t + 0.04 }));
    const f = figuresOf({ ...CALL, lines });
    expect(f.callerTalkSec).toBe(0);
  });
});

describe('runs', () => {
  it('should list maximal runs when frames are set at the edges', () => {
    expect(runs(Uint8Array.from([1, 1, 0, 1, 0, 0, 1]))).toEqual([[0, 2], [3, 4], [6, 7]]);
  });
});
