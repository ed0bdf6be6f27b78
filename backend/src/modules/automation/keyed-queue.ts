/**
 * Runs jobs with at most `concurrency` at a time, one at a time per key, in arrival order per
 * key. A burst waits here (cheap) instead of on the database pool, where it would starve the
 * timer workers and every request; and two events of one deal never wait on each other's lock.
 */
export class KeyedQueue {
  private readonly lanes = new Map<string, (() => Promise<void>)[]>();
  /** Keys with a job ready to start, oldest first; a key is here at most once. */
  private ready: string[] = [];
  private head = 0;
  private running = 0;
  private size = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Jobs queued or running. */
  get pending(): number {
    return this.size;
  }

  push(key: string, job: () => Promise<void>): void {
    this.size++;
    const lane = this.lanes.get(key);
    if (lane) {
      lane.push(job);
      return;
    }
    this.lanes.set(key, [job]);
    this.ready.push(key);
    this.drain();
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    return this.size === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  private drain(): void {
    while (this.running < this.concurrency && this.head < this.ready.length) {
      const key = this.ready[this.head++];
      if (this.head > 1024 && this.head * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.head);
        this.head = 0;
      }
      void this.start(key);
    }
  }

  private async start(key: string): Promise<void> {
    const lane = this.lanes.get(key)!;
    const job = lane[0];
    this.running++;
    try {
      await job();
    } catch (err) {
      this.onError(err);
    } finally {
      this.running--;
      this.size--;
      lane.shift();
      if (lane.length) this.ready.push(key);
      else this.lanes.delete(key);
      if (this.size === 0) for (const wake of this.waiters.splice(0)) wake();
      this.drain();
    }
  }
}
