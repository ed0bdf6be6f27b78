import type { ReactNode } from 'react';
import type { CurrencyAmount } from '@callboard/contracts';
import { formatMoney, formatPercent } from '@/lib/format';

/** Sums in several currencies, each written in its own: "€1,200.00 + $300.00"; none is "—". */
export function amountsText(amounts: CurrencyAmount[]): string {
  return amounts.length ? amounts.map((a) => formatMoney(a.amount, a.currency)).join(' + ') : '—';
}

/** part / whole as a percent, or "—" when there is no whole. */
export function ratioText(part: number, whole: number): string {
  return whole > 0 ? formatPercent(part / whole) : '—';
}

/** A per-rep row's `rep` filter: the user, or `none` for what has no owner. */
export const repOf = (row: { userId: string | null }) => row.userId ?? 'none';

/** A per-rep row's name; the row of what has no owner is "Unassigned". */
export const repName = (row: { userId: string | null; name: string }) => row.name || (row.userId ? 'Unknown user' : 'Unassigned');

/** A table that scrolls sideways inside itself on a narrow screen (the page never does). */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="report-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A row of headline figures ("Leads 12 · Contacted 9 ..."). */
export function Stats({ children }: { children: ReactNode }) {
  return <dl className="report-stats">{children}</dl>;
}

export function Stat({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="report-stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
