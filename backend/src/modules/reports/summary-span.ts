import type { Params } from './report-scope';

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const firstOfMonth = (t: number, monthsLater = 0) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsLater, 1);
};

/** A range of a summary's rows: the grain and [from, to) as days. */
export type SpanRange = ['d' | 'm', string, string];

/** [from, to] (days, both included) as summary rows: the whole months inside it from the monthly rows, the days around them from the daily ones. */
export function spanRanges(from: string, to: string): SpanRange[] {
  const start = utc(from);
  const end = utc(to) + DAY; // exclusive
  const monthsFrom = start === firstOfMonth(start) ? start : firstOfMonth(start, 1);
  const monthsTo = end === firstOfMonth(end) ? end : firstOfMonth(end - DAY);
  if (monthsFrom >= monthsTo) return [['d', from, isoDay(end)]];
  const ranges: SpanRange[] = [['m', isoDay(monthsFrom), isoDay(monthsTo)]];
  if (start < monthsFrom) ranges.push(['d', from, isoDay(monthsFrom)]);
  if (monthsTo < end) ranges.push(['d', isoDay(monthsTo), isoDay(end)]);
  return ranges;
}

const rangeFrom = (table: string, p: Params, zone: string, ranges: SpanRange[]) => {
  const z = p.add(zone);
  const parts = ranges.flatMap(([grain, lo, hi]) => {
    const [a, b] = [p.add(lo), p.add(hi)];
    const rows = `SELECT * FROM ${table} WHERE zone = ${z} AND grain = '${grain}' AND day >= ${a}::date AND day < ${b}::date`;
    // the writers' daily deltas the compactor has not yet carried to their months (migration 200)
    const pending = `SELECT * FROM ${table} WHERE zone = ${z} AND grain = 'd' AND NOT compacted AND day >= ${a}::date AND day < ${b}::date`;
    return grain === 'm' ? [rows, pending] : [rows];
  });
  return `(${parts.join(' UNION ALL ')})`;
};

/**
 * A summary's rows of [from, to] in `zone`, as a subquery: one index range scan per range (an OR
 * of the ranges would make the planner read the heap through a bitmap instead of the covering index).
 */
export const spanFrom = (table: string, p: Params, zone: string, from: string, to: string) => rangeFrom(table, p, zone, spanRanges(from, to));

/** Only the daily rows, for a series by day or week. */
export const daysFrom = (table: string, p: Params, zone: string, from: string, to: string) =>
  rangeFrom(table, p, zone, [['d', from, isoDay(utc(to) + DAY)]]);
