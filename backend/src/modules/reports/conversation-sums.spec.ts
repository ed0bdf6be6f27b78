import { sumConversations } from './conversation-sums';

const row = (who: string, o: Partial<Parameters<typeof sumConversations>[0][number]> = {}) => ({
  who, name: who, calls: 1, analysedSec: 100, repTalkSec: 50, callerTalkSec: 30, silenceSec: 20, repInterruptions: 0, callerInterruptions: 0,
  callsRepInterrupted: 0, longestMonologueSec: 10, sumLongestMonologueSec: 10, ...o,
});

describe('sumConversations', () => {
  it('should take shares over the summed seconds when reps talked for different lengths', () => {
    // 90 / (90 + 10) = 0.9 and 10 / (10 + 90) = 0.1 over 100 s each; a long call weighs more than a short one
    const s = sumConversations([row('a', { repTalkSec: 90, callerTalkSec: 10, silenceSec: 0 }), row('b', { analysedSec: 1000, repTalkSec: 100, callerTalkSec: 900, silenceSec: 0 })]);
    expect(s.repTalkShare).toBeCloseTo(190 / 1100, 4);
    expect(s.calls).toBe(2);
  });

  it('should keep the longest monologue of any call and average each call longest', () => {
    const s = sumConversations([row('a', { calls: 2, longestMonologueSec: 40, sumLongestMonologueSec: 60 }), row('b', { longestMonologueSec: 15, sumLongestMonologueSec: 15 })]);
    expect(s.longestMonologueSec).toBe(40);
    expect(s.avgLongestMonologueSec).toBe(25);
  });

  it('should give no shares and no average when there are no calls', () => {
    expect(sumConversations([])).toMatchObject({ calls: 0, repTalkShare: null, silenceShare: null, avgLongestMonologueSec: null, longestMonologueSec: 0 });
  });
});
