import { Coalescer, type CoalescerTimers } from './figures-coalescer';

/** A clock that moves only when told, firing due timers in order. */
class FakeClock implements CoalescerTimers {
  private t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
    }
    this.t = until;
  }
}

function setup() {
  const clock = new FakeClock();
  const sent: { key: string; at: number }[] = [];
  const c = new Coalescer(2000, (key) => sent.push({ key, at: clock.now() }), clock);
  return { clock, sent, c };
}

describe('Coalescer', () => {
  it('should send the first hint at once, when its key is quiet', () => {
    const { sent, c } = setup();
    c.hint('inbox|deals');
    expect(sent).toEqual([{ key: 'inbox|deals', at: 0 }]);
  });

  it('should send one trailing hint at the window\'s end, when many came within it', () => {
    const { clock, sent, c } = setup();
    for (let i = 0; i < 50; i++) {
      c.hint('role:head|calls');
      clock.advance(20);
    }
    // 50 hints over 1 s: the leading one, then one when the 2 s window closes
    expect(sent.map((s) => s.at)).toEqual([0]);
    clock.advance(2000);
    expect(sent.map((s) => s.at)).toEqual([0, 2000]);
  });

  it('should never send a key twice within 2 s, when hints keep coming', () => {
    const { clock, sent, c } = setup();
    for (let i = 0; i < 500; i++) {
      c.hint('k');
      clock.advance(37);
    }
    clock.advance(5000);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i].at);
    expect(gaps.every((g) => g >= 2000)).toBe(true);
    // ~18.5 s of hints: about one send per window, and the last hint is not lost
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent[sent.length - 1].at).toBeGreaterThanOrEqual(500 * 37 - 2000);
  });

  it('should send nothing at the window\'s end, when no further hint came', () => {
    const { clock, sent, c } = setup();
    c.hint('k');
    clock.advance(10_000);
    expect(sent).toHaveLength(1);
    expect(c.openWindows).toBe(0);
  });

  it('should send at once again, when a whole window passed quietly', () => {
    const { clock, sent, c } = setup();
    c.hint('k');
    clock.advance(2500);
    c.hint('k');
    expect(sent.map((s) => s.at)).toEqual([0, 2500]);
  });

  it('should keep keys apart: one room\'s or scope\'s window does not hold back another', () => {
    const { sent, c } = setup();
    c.hint('user:a|deals');
    c.hint('user:b|deals');
    c.hint('user:a|calls');
    c.hint('user:a|deals');
    expect(sent.map((s) => s.key)).toEqual(['user:a|deals', 'user:b|deals', 'user:a|calls']);
  });

  it('should drop open windows without sending, when cleared', () => {
    const { clock, sent, c } = setup();
    c.hint('k');
    c.hint('k');
    c.clear();
    clock.advance(5000);
    expect(sent).toHaveLength(1);
  });
});
