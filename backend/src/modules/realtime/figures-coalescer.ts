/** The clock and timers a coalescer runs on: the real ones in the app, a fake in its spec. */
export interface CoalescerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: CoalescerTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Window {
  timer: unknown;
  /** Another hint came in during the window: one trailing send when it closes. */
  pending: boolean;
}

/**
 * At most one send per key per window: the first hint goes at once (leading edge); any further
 * hints in the window become one send when it closes (trailing edge), which opens a new window.
 * A key with no hints for a whole window is forgotten, so the map holds only busy keys.
 */
export class Coalescer {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly windowMs: number,
    private readonly send: (key: string) => void,
    private readonly timers: CoalescerTimers = realTimers,
  ) {}

  hint(key: string): void {
    const open = this.windows.get(key);
    if (open) {
      open.pending = true;
      return;
    }
    this.fire(key);
  }

  /** Drops every open window without sending (shutdown). */
  clear(): void {
    for (const w of this.windows.values()) this.timers.clearTimeout(w.timer);
    this.windows.clear();
  }

  get openWindows(): number {
    return this.windows.size;
  }

  private fire(key: string): void {
    const w: Window = { pending: false, timer: null };
    this.windows.set(key, w);
    w.timer = this.timers.setTimeout(() => {
      this.windows.delete(key);
      if (w.pending) this.fire(key);
    }, this.windowMs);
    this.send(key);
  }
}
