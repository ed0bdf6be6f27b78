import { createContext, useContext, type ReactNode } from 'react';
import type { ReportName } from '@callboard/contracts';
import { formatNumber } from '@/lib/format';

/** One figure to list the records of: which report, which cell, and for which rep (per-rep rows). */
export interface DrillTarget {
  report: ReportName;
  cell: string;
  /** What the figure is, for the dialog's title: "Deals that reached Won". */
  label: string;
  /** A per-rep figure: the same cell narrowed to this rep (`none`: no owner). */
  rep?: string;
}

const DrillContext = createContext<(target: DrillTarget) => void>(() => undefined);
export const DrillProvider = DrillContext.Provider;

interface FigureProps extends DrillTarget {
  value: number;
  /** Written instead of the plain count (an amount, a percent beside it...). */
  children?: ReactNode;
}

/** A figure of a report: a button that opens the records behind it. */
export function Figure({ value, children, ...target }: FigureProps) {
  const open = useContext(DrillContext);
  return (
    <button
      type="button"
      className="report-figure"
      onClick={() => open(target)}
      title={`${target.label}: list them`}
      aria-label={`${target.label}: ${formatNumber(value)}. List them`}
      data-testid="report-figure"
      data-report={target.report}
      data-cell={target.cell}
      data-rep={target.rep ?? ''}
      data-value={value}
    >
      {children ?? formatNumber(value)}
    </button>
  );
}
