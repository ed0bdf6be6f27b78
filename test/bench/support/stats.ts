/** Nearest-rank percentile (p in 0..100) of a sample; NaN when empty. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(samples: number[]): Summary {
  return { n: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples) };
}

/**
 * Latency by the second its sample started in (`start` ms from `origin`), one line each: a queue that
 * grows shows as a rising line, a stall as a few slow seconds (BENCH_SERIES=1).
 */
export function perSecond(samples: { start: number; ms: number }[], origin: number): string[] {
  const bySecond = new Map<number, number[]>();
  for (const { start, ms } of samples) {
    const second = Math.floor((start - origin) / 1000);
    bySecond.set(second, [...(bySecond.get(second) ?? []), ms]);
  }
  return [...bySecond]
    .sort((a, b) => a[0] - b[0])
    .map(([second, ms]) => {
      const t = summarize(ms);
      return `second ${second}: n ${ms.length}, p50 ${t.p50.toFixed(0)} ms, p99 ${t.p99.toFixed(0)} ms, max ${t.max.toFixed(0)} ms`;
    });
}

/** Runs `task` `count` times with at most `concurrency` in flight; returns each run's duration in ms. */
export async function timed(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { samples, wallMs: performance.now() - started };
}

export interface Row {
  measure: string;
  n: number | string;
  p50?: number;
  p99?: number;
  max?: number;
  extra?: string;
  target?: string;
  ok?: boolean;
}

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : v.toFixed(1));

/** A markdown table, so the same text goes to the console and into docs/performance.md. */
export function table(rows: Row[]): string {
  const head = ['measure', 'n', 'p50 ms', 'p99 ms', 'max ms', 'other', 'target', 'verdict'];
  const body = rows.map((r) => [
    r.measure,
    String(r.n),
    ms(r.p50),
    ms(r.p99),
    ms(r.max),
    r.extra ?? '',
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'met' : 'MISSED',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
