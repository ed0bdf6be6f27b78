/**
 * De-duplication by (boot, seq) for one PBX boot. Kamailio numbers events from 1 per boot, but
 * several workers emit them, so arrival order is not sequence order: a gap is usually a late
 * event, not a lost one. `watermark` is the highest seq below which everything was seen.
 */
export class SeqTracker {
  private seen = new Set<number>();
  private gapSince: number | null = null;

  constructor(
    private bootId: string | null = null,
    private mark = 0,
  ) {}

  get boot(): string | null {
    return this.bootId;
  }

  get watermark(): number {
    return this.mark;
  }

  /** Sequence numbers seen above the watermark (to persist with it). */
  get seenAbove(): number[] {
    return [...this.seen].sort((a, b) => a - b);
  }

  /** Starts over for a new boot (or keeps the state when it is the same boot). */
  resetTo(boot: string): void {
    if (boot === this.bootId) return;
    this.bootId = boot;
    this.mark = 0;
    this.seen.clear();
    this.gapSince = null;
  }

  isDuplicate(boot: string, seq: number): boolean {
    if (boot !== this.bootId) return false;
    return seq <= this.mark || this.seen.has(seq);
  }

  /** Records a consumed event; returns false when it was a duplicate. */
  accept(boot: string, seq: number, now = Date.now()): boolean {
    if (boot !== this.bootId) this.resetTo(boot);
    if (this.isDuplicate(boot, seq)) return false;
    this.seen.add(seq);
    this.advance();
    if (this.seen.size > 0 && this.gapSince === null) this.gapSince = now;
    return true;
  }

  /** How long the oldest gap has been open (ms), or null when there is none. */
  gapAge(now = Date.now()): number | null {
    return this.seen.size > 0 && this.gapSince !== null ? now - this.gapSince : null;
  }

  /** Gives up on the oldest gap: moves the watermark to just before the next seen event. */
  skipGap(): number[] {
    if (this.seen.size === 0) return [];
    const next = Math.min(...this.seen);
    const skipped: number[] = [];
    for (let s = this.mark + 1; s < next; s++) skipped.push(s);
    this.mark = next - 1;
    this.gapSince = null;
    this.advance();
    if (this.seen.size > 0) this.gapSince = Date.now();
    return skipped;
  }

  private advance(): void {
    let moved = false;
    while (this.seen.has(this.mark + 1)) {
      this.seen.delete(this.mark + 1);
      this.mark++;
      moved = true;
    }
    if (moved) this.gapSince = this.seen.size > 0 ? Date.now() : null;
  }
}
