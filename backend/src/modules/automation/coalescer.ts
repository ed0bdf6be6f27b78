/**
 * Merges the calls made while earlier batches are in flight into one batch (Nagle's algorithm
 * for queries): alone, a call goes at once; under load, one round trip serves many callers.
 * Only for work outside transactions: a batch runs on whichever pool connection is free.
 */
export class Coalescer<K, V> {
  private waiting: { key: K; resolve: (v: V) => void; reject: (err: unknown) => void }[] = [];
  private inflight = 0;

  constructor(
    private readonly run: (keys: K[]) => Promise<(key: K) => V>,
    private readonly maxInflight = 2,
    private readonly maxBatch = 200,
  ) {}

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inflight < this.maxInflight && this.waiting.length) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inflight++;
      this.run(batch.map((b) => b.key))
        .then(
          (answer) => batch.forEach((b) => b.resolve(answer(b.key))),
          (err) => batch.forEach((b) => b.reject(err)),
        )
        .finally(() => {
          this.inflight--;
          this.flush();
        });
    }
  }
}
