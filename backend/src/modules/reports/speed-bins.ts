import type { SpeedBucket } from '@callboard/contracts';

/**
 * Durations (speed to lead, time to call back) are counted in bins (`report_speed_bin`, migration
 * 200): each duration in whole seconds at its bin's upper edge, 10 s wide up to a minute, 1 min up to an hour, 5 min
 * up to 4 h, 30 min up to a day, then whole days (31: more than 30 days). The live queries and the
 * summaries both count this way, so a figure does not depend on where it was read from; a median
 * is never flattered (it is at most one bin late). docs/reports.md, ADR 0028.
 */
export interface BinCount {
  /** The bin's upper edge in seconds; null: no duration (not contacted, not called back). */
  bin: number | null;
  n: number;
}

/** The speed buckets' upper edges in seconds: (previous, edge]. */
export const SPEED_BUCKET_EDGES: [SpeedBucket, number][] = [
  ['lt1m', 60], ['1to5m', 300], ['5to10m', 600], ['10to30m', 1800], ['30to60m', 3600], ['1to4h', 14400], ['4to24h', 86400], ['gt24h', Infinity],
];

export interface BinStats {
  count: number;
  /** Those with a duration. */
  measured: number;
  /** Those at or under `limitSeconds`. */
  within: number;
  median: number | null;
  p90: number | null;
  buckets: Record<SpeedBucket, number>;
}

/** percentile_cont over the durations the bins stand for (each at its upper edge). */
function percentile(sorted: { bin: number; n: number }[], total: number, q: number): number | null {
  if (!total) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const b of sorted) {
      seen += b.n;
      if (rank < seen) return b.bin;
    }
    return sorted[sorted.length - 1]!.bin;
  };
  const pos = q * (total - 1);
  const lo = Math.floor(pos);
  const a = at(lo);
  const b = at(Math.ceil(pos));
  return a + (b - a) * (pos - lo);
}

export function binStats(rows: BinCount[], limitSeconds = 0): BinStats {
  const buckets = Object.fromEntries(SPEED_BUCKET_EDGES.map(([k]) => [k, 0])) as Record<SpeedBucket, number>;
  const measuredBins = new Map<number, number>();
  let count = 0;
  let within = 0;
  for (const r of rows) {
    count += r.n;
    if (r.bin === null) continue;
    measuredBins.set(r.bin, (measuredBins.get(r.bin) ?? 0) + r.n);
    if (r.bin <= limitSeconds) within += r.n;
    buckets[SPEED_BUCKET_EDGES.find(([, edge]) => r.bin! <= edge)![0]] += r.n;
  }
  const sorted = [...measuredBins.entries()].filter(([, n]) => n > 0).map(([bin, n]) => ({ bin, n })).sort((a, b) => a.bin - b.bin);
  const measured = sorted.reduce((s, b) => s + b.n, 0);
  return { count, measured, within, median: percentile(sorted, measured, 0.5), p90: percentile(sorted, measured, 0.9), buckets };
}
