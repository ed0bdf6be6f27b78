/**
 * A counting semaphore: at most `limit` tasks at once, the rest wait in arrival order. The call
 * path uses one per process so that a flood of batches never has more events in flight than the
 * pool has connections for (what waits, waits here, not on the pool's connection timeout).
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // the slot passes straight to the next waiter (active stays the same)
      if (next) next();
      else this.active--;
    }
  }

  /** Tasks running now (for tests and metrics). */
  get running(): number {
    return this.active;
  }
}
