import { createContext, useContext, type ReactNode } from 'react';
import { defineMessages, useIntl, type IntlShape } from 'react-intl';
import type { ReportName } from '@callboard/contracts';
import { formatNumber } from '@/lib/format';
import type { FigureWords } from '../utils/labels';
import { withValues } from '../utils/messages';

/**
 * What a figure is, for its button and the title of its list: "Deals that reached {stage}".
 * `values` are words and formatted values; `user` is what people typed (a rep's or a stage's
 * name), isolated when shown so it never reorders the words around it.
 */
export interface FigureLabel extends FigureWords {
  user?: Record<string, string>;
}

/** One figure to list the records of: which report, which cell, and for which rep (per-rep rows). */
export interface DrillTarget {
  report: ReportName;
  cell: string;
  /** What the figure is, for the dialog's title: "Deals that reached Won". */
  label: FigureLabel;
  /** A per-rep figure: the same cell narrowed to this rep (`none`: no owner). */
  rep?: string;
}

const M = withValues(
  defineMessages({
    title: { id: 'reports.figure.title', defaultMessage: '{figure}: list them' },
    ariaLabel: { id: 'reports.figure.ariaLabel', defaultMessage: '{figure}: {value}. List them' },
  }),
);

/** A figure's label as plain text (an attribute: a tooltip, a screen reader's name). */
export function figureLabelText(intl: IntlShape, label: FigureLabel): string {
  return intl.formatMessage(label.message, { ...label.values, ...label.user });
}

/** A figure's label as shown on the page: the names people typed isolated and marked as theirs. */
export function FigureLabelText({ label }: { label: FigureLabel }) {
  const intl = useIntl();
  const user = Object.fromEntries(Object.entries(label.user ?? {}).map(([k, v]) => [k, <bdi data-user-content>{v}</bdi>]));
  return <>{intl.formatMessage(label.message, { ...label.values, ...user })}</>;
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
  const intl = useIntl();
  const open = useContext(DrillContext);
  const figure = figureLabelText(intl, target.label);
  return (
    <button
      type="button"
      className="report-figure"
      onClick={() => open(target)}
      title={intl.formatMessage(M.title, { figure })}
      aria-label={intl.formatMessage(M.ariaLabel, { figure, value: formatNumber(value) })}
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
