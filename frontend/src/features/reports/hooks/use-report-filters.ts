import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { IsoDate } from '@callboard/contracts';
import { browserTimeZone } from '@/lib/format';
import type { ReportFilters } from '../api/reports-api';
import { DEFAULT_PERIOD, isPeriodPreset, presetRangeAt, type PeriodKey } from '../utils/period';

export const DEFAULT_DORMANT_DAYS = 30;
/** The longest dormant threshold the API takes (ten years). */
export const MAX_DORMANT_DAYS = 3650;

export type PeriodProblem = 'incomplete' | 'reversed';

export interface ReportFilterState {
  period: PeriodKey;
  filters: ReportFilters;
  /** Why a hand-typed period cannot be used (the API would refuse it): a date missing, or from after to. */
  invalid: PeriodProblem | null;
  set: (change: { period?: PeriodKey; from?: string; to?: string; rep?: string | null; pipeline?: string | null; days?: number | null }) => void;
  /** Tells the hook the team's time zone once a report has said it ("today" is the team's day). */
  setTimeZone: (timeZone: string) => void;
}

/**
 * The Reports page's filters live in the URL (shareable, and the back button steps through them):
 * `period` (a preset, or `custom` with `from`/`to`), `rep` (a user id or `none`), `pipeline`, `days`.
 * Each change pushes a history entry. `rep` counts only for a Head.
 */
export function useReportFilters(canChooseRep: boolean): ReportFilterState {
  const [params, setParams] = useSearchParams();
  const [timeZone, setTimeZone] = useState(browserTimeZone);

  const rawPeriod = params.get('period');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const period: PeriodKey = isPeriodPreset(rawPeriod) ? rawPeriod : rawPeriod === 'custom' || (from && to) ? 'custom' : DEFAULT_PERIOD;
  // a Seller's reports are always their own: a rep in a shared link is not theirs to choose
  const rep = (canChooseRep && params.get('rep')) || undefined;
  const pipeline = params.get('pipeline') || undefined;
  const daysParam = Number(params.get('days'));
  const days = Number.isInteger(daysParam) && daysParam >= 1 && daysParam <= MAX_DORMANT_DAYS ? daysParam : DEFAULT_DORMANT_DAYS;

  const { filters, invalid } = useMemo<{ filters: ReportFilters; invalid: PeriodProblem | null }>(() => {
    if (period !== 'custom') return { filters: { ...presetRangeAt(period, new Date(), timeZone), rep, pipeline, days }, invalid: null };
    const fallback = presetRangeAt(DEFAULT_PERIOD, new Date(), timeZone);
    if (!IsoDate.safeParse(from).success || !IsoDate.safeParse(to).success) {
      return { filters: { ...fallback, rep, pipeline, days }, invalid: 'incomplete' };
    }
    if (from > to) return { filters: { ...fallback, rep, pipeline, days }, invalid: 'reversed' };
    return { filters: { from, to, rep, pipeline, days }, invalid: null };
  }, [period, from, to, rep, pipeline, days, timeZone]);

  const set = useCallback<ReportFilterState['set']>(
    (change) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (change.period) {
          next.set('period', change.period);
          if (change.period === 'custom') {
            // start the custom period from what is shown now
            next.set('from', change.from ?? filters.from);
            next.set('to', change.to ?? filters.to);
          } else {
            next.delete('from');
            next.delete('to');
          }
        } else {
          if (change.from !== undefined) next.set('from', change.from);
          if (change.to !== undefined) next.set('to', change.to);
        }
        if (change.rep !== undefined) {
          if (change.rep) next.set('rep', change.rep);
          else next.delete('rep');
        }
        if (change.pipeline !== undefined) {
          if (change.pipeline) next.set('pipeline', change.pipeline);
          else next.delete('pipeline');
        }
        if (change.days !== undefined) {
          if (change.days && change.days !== DEFAULT_DORMANT_DAYS) next.set('days', String(change.days));
          else next.delete('days');
        }
        return next;
      });
    },
    [setParams, filters.from, filters.to],
  );

  const setZone = useCallback((zone: string) => setTimeZone((prev) => (prev === zone ? prev : zone)), []);
  return { period, filters, invalid, set, setTimeZone: setZone };
}
