import type { Params } from './report-scope';

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const firstOfMonth = (t: number, monthsLater = 0) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsLater, 1);
};

/**
 * The summaries' rows of [from, to] (days, both included) in `zone`: the whole months inside it from
 * the monthly rows, the days around them from the daily ones.
 */
export function spanSql(p: Params, zone: string, from: string, to: string, r = 'r'): string {
  const start = utc(from);
  const end = utc(to) + DAY; // exclusive
  const monthsFrom = start === firstOfMonth(start) ? start : firstOfMonth(start, 1);
  const monthsTo = end === firstOfMonth(end) ? end : firstOfMonth(end - DAY);
  const z = `${r}.zone = ${p.add(zone)}`;
  if (monthsFrom >= monthsTo) return `(${z} AND ${r}.grain = 'd' AND ${r}.day >= ${p.add(from)}::date AND ${r}.day < ${p.add(isoDay(end))}::date)`;
  const [a, b, c, d] = [from, isoDay(monthsFrom), isoDay(monthsTo), isoDay(end)].map((v) => `${p.add(v)}::date`);
  return `(${z} AND ((${r}.grain = 'm' AND ${r}.day >= ${b} AND ${r}.day < ${c})
            OR (${r}.grain = 'd' AND ((${r}.day >= ${a} AND ${r}.day < ${b}) OR (${r}.day >= ${c} AND ${r}.day < ${d})))))`;
}

/** Only the days, for a series by day or week. */
export const daysSql = (p: Params, zone: string, from: string, to: string, r = 'r') =>
  `(${r}.zone = ${p.add(zone)} AND ${r}.grain = 'd' AND ${r}.day >= ${p.add(from)}::date AND ${r}.day <= ${p.add(to)}::date)`;
