import { calendarDayIn } from '@/lib/format';

/** The periods the Reports page offers in one click; `custom` is a from/to typed by hand. */
export const PERIOD_PRESETS = ['today', 'last-7', 'last-30', 'this-month', 'last-month', 'this-quarter', 'last-365'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export type PeriodKey = PeriodPreset | 'custom';

export const DEFAULT_PERIOD: PeriodPreset = 'last-30';

export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return toDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

function firstOfMonth(year: number, monthIndex: number): string {
  return toDay(Date.UTC(year, monthIndex, 1));
}

export function isPeriodPreset(value: string | null | undefined): value is PeriodPreset {
  return (PERIOD_PRESETS as readonly string[]).includes(value ?? '');
}

/**
 * The days (both included) a preset covers when today is `today` (YYYY-MM-DD, already read in the
 * team's time zone). "Last 30 days" ends today and counts today, like the reports' `to`.
 */
export function presetRange(preset: PeriodPreset, today: string): DayRange {
  const [y, m] = today.split('-').map(Number) as [number, number];
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'last-7':
      return { from: addDays(today, -6), to: today };
    case 'last-30':
      return { from: addDays(today, -29), to: today };
    case 'last-365':
      return { from: addDays(today, -364), to: today };
    case 'this-month':
      return { from: firstOfMonth(y, m - 1), to: today };
    case 'last-month':
      return { from: firstOfMonth(y, m - 2), to: addDays(firstOfMonth(y, m - 1), -1) };
    case 'this-quarter':
      return { from: firstOfMonth(y, Math.floor((m - 1) / 3) * 3), to: today };
  }
}

/** A preset's days as of the moment `now` in `timeZone` (the team's zone decides what "today" is). */
export function presetRangeAt(preset: PeriodPreset, now: Date, timeZone: string): DayRange {
  return presetRange(preset, calendarDayIn(now, timeZone));
}
