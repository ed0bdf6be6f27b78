import type { ReactNode } from 'react';
import { defineMessages, useIntl, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { CurrencyAmount } from '@callboard/contracts';
import { formatMoney, formatPercent } from '@/lib/format';
import type { FigureLabel } from '../drill-down';

const M = defineMessages({
  unassigned: { id: 'reports.rep.unassigned', defaultMessage: 'Unassigned' },
  unknownUser: { id: 'reports.rep.unknown', defaultMessage: 'Unknown user' },
});

/** Words every per-rep table says. */
export const TABLE = defineMessages({
  rep: { id: 'reports.table.rep', defaultMessage: 'Rep' },
  perRep: { id: 'reports.table.perRep', defaultMessage: 'Per rep' },
});

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

type RepRow = { userId: string | null; name: string };

/** A per-rep row's name as text (a figure's label); the row of what has no owner is "Unassigned". */
export function repName(intl: IntlShape, row: RepRow): string {
  return row.name || intl.formatMessage(row.userId ? M.unknownUser : M.unassigned);
}

/** A per-rep row's name as shown: the user's own name isolated and marked as theirs. */
export function RepName({ row }: { row: RepRow }) {
  const intl = useIntl();
  return row.name ? <bdi data-user-content>{row.name}</bdi> : <>{repName(intl, row)}</>;
}

/**
 * A per-rep figure's label: `message` with the rep as `{rep}` (the user's name is user data,
 * "Unassigned" is ours), and any more values and user data it needs.
 */
export function repFigure(intl: IntlShape, row: RepRow, message: MessageDescriptor, more: Omit<FigureLabel, 'message'> = {}): FigureLabel {
  const rep = row.name ? { user: { rep: row.name } } : { values: { rep: repName(intl, row) } };
  return { message, values: { ...more.values, ...rep.values }, user: { ...more.user, ...rep.user } };
}

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

/** One column of a FigureTable: its header and what a row shows in it (numbers align to the end). */
export interface FigureColumn<R> {
  header: string;
  numeric?: boolean;
  cell: (row: R) => ReactNode;
}

/**
 * The reports' tables: a caption, one header cell per row (a rep, a source, a reason...), and a
 * column per figure; each figure is usually a drill-down button (Figure).
 */
export function FigureTable<R>({
  label,
  caption,
  rows,
  rowKey,
  rowHeader,
  firstHeader,
  columns,
  testId,
}: {
  label: string;
  caption: string;
  rows: R[];
  rowKey: (row: R) => string;
  rowHeader: (row: R) => ReactNode;
  firstHeader?: string;
  columns: FigureColumn<R>[];
  testId?: string;
}) {
  const intl = useIntl();
  return (
    <TableWrap label={label}>
      <table className="table report-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstHeader ?? intl.formatMessage(TABLE.rep)}</th>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'report-num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              <th scope="row">{rowHeader(r)}</th>
              {columns.map((c) => (
                <td key={c.header} className={c.numeric ? 'report-num' : undefined}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
