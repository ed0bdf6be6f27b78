import { SeqTracker } from './seq-tracker';

describe('SeqTracker', () => {
  it('should report a duplicate when the same (boot, seq) arrives twice', () => {
    const t = new SeqTracker();
    expect(t.accept('b1', 1)).toBe(true);
    expect(t.isDuplicate('b1', 1)).toBe(true);
    expect(t.accept('b1', 1)).toBe(false);
  });

  it('should advance the watermark over out-of-order events when the gap fills', () => {
    const t = new SeqTracker();
    t.accept('b1', 1);
    t.accept('b1', 3);
    expect(t.watermark).toBe(1);
    expect(t.gapAge()).not.toBeNull();
    t.accept('b1', 2);
    expect(t.watermark).toBe(3);
    expect(t.gapAge()).toBeNull();
  });

  it('should not treat the same seq of another boot as a duplicate when Kamailio restarted', () => {
    const t = new SeqTracker('b1', 10);
    expect(t.isDuplicate('b2', 5)).toBe(false);
    expect(t.accept('b2', 5)).toBe(true);
    expect(t.boot).toBe('b2');
  });

  it('should move past a gap when it is given up on', () => {
    const t = new SeqTracker('b1', 4);
    t.accept('b1', 7);
    t.accept('b1', 8);
    expect(t.skipGap()).toEqual([5, 6]);
    expect(t.watermark).toBe(8);
  });

  it('should treat everything up to a restored watermark as seen when the bridge restarts', () => {
    const t = new SeqTracker('b1', 42);
    expect(t.isDuplicate('b1', 40)).toBe(true);
    expect(t.isDuplicate('b1', 43)).toBe(false);
  });
});
