// The one place where dates, times, numbers, durations and amounts become text. Everything goes
// through Intl with the user's locale, so a later language (Hebrew, right to left) changes the
// words and the order in one place. Dates are written out ("6 Dec 2026") rather than numeric, so
// "12/06" never has to be guessed.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface FormatSettings {
  /** The user's language as a BCP 47 locale ("hu"); unset: the page's, else the browser's. */
  locale?: string;
  /** The team's time zone: moments are shown in it, as the Today list and reports count days in it. */
  timeZone?: string;
  /** The pseudo-locale (tests): every formatted value is bracketed like a catalogue message. */
  pseudo?: boolean;
}
let settings: FormatSettings = {};

/** Set by the i18n provider when the language or the team's settings change (before the page renders again). */
export function setFormatSettings(next: FormatSettings): void {
  settings = next;
}

/** The language values are written in. */
export function currentLocale(): string | undefined {
  if (settings.locale) return settings.locale;
  if (typeof document !== 'undefined' && document.documentElement.lang) return document.documentElement.lang;
  if (typeof navigator !== 'undefined' && navigator.language) return navigator.language;
  return undefined;
}

/** The zone moments are shown in (the team's), undefined for the browser's own. */
function currentZone(): string | undefined {
  return settings.timeZone;
}

// In the pseudo-locale a formatted value counts as catalogue text (it is locale data, not a
// string someone forgot to translate).
const mark = (text: string): string => (settings.pseudo ? `\u27e6${text}\u27e7` : text);

// Intl formatters are costly to build and a board formats thousands of values: keep one per
// locale and options.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(kind: string, options: object, make: (locale: string | undefined) => T): T {
  const locale = currentLocale();
  const key = `${kind}|${locale ?? ''}|${JSON.stringify(options)}`; // options carry the zone
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make(locale);
    cache.set(key, f);
  }
  return f;
}
const numberFormat = (options: Intl.NumberFormatOptions) => cached('n', options, (l) => new Intl.NumberFormat(l, options));
const dateFormat = (options: Intl.DateTimeFormatOptions) => {
  const zoned = options.timeZone || !currentZone() ? options : { ...options, timeZone: currentZone() };
  return cached('d', zoned, (l) => {
    try {
      return new Intl.DateTimeFormat(l, zoned);
    } catch {
      return new Intl.DateTimeFormat(l, options); // a zone this browser does not know: its own
    }
  });
};
const relativeFormat = (options: Intl.RelativeTimeFormatOptions) => cached('r', options, (l) => new Intl.RelativeTimeFormat(l, options));

// Intl.NumberFormat formats decimal strings exactly (no float conversion) in current browsers.
type Formattable = Parameters<Intl.NumberFormat['format']>[0];

/** "1250.00" + "EUR" -> "€1,250.00" (locale dependent); an unknown currency code is written after the amount. */
export function formatMoney(amount: string, currency: string): string {
  try {
    return mark(numberFormat({ style: 'currency', currency }).format(amount as unknown as Formattable));
  } catch {
    return mark(`${formatAmount(amount)} ${currency}`);
  }
}

/** An amount for a chart's axis: "€26K", "$1.2M" (locale dependent). */
export function formatMoneyCompact(amount: string | number, currency: string): string {
  try {
    return mark(numberFormat({ style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(amount as unknown as Formattable));
  } catch {
    return mark(`${numberFormat({ notation: 'compact', maximumFractionDigits: 1 }).format(Number(amount))} ${currency}`);
  }
}

/** A plain amount with grouping and two decimals. */
export function formatAmount(amount: string): string {
  return numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount as unknown as Formattable);
}

/** A count or figure with the locale's grouping: 12345 -> "12,345". */
export function formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(options).format(value);
}

/** 0.25 -> "25%". */
export function formatPercent(ratio: number): string {
  return numberFormat({ style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

function parse(iso: string | Date): number {
  return iso instanceof Date ? iso.getTime() : Date.parse(iso);
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "6 Dec 2026" / "Dec 6, 2026": a day, written out. A calendar date ("2026-12-06", e.g. a deal's
 * expected close) is that day wherever the browser is: read and written as UTC, never shifted.
 */
export function formatDate(iso: string | Date): string {
  const t = parse(iso);
  if (Number.isNaN(t)) return String(iso);
  if (typeof iso === 'string' && CALENDAR_DATE.test(iso)) return mark(dateFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(t));
  return mark(dateFormat({ dateStyle: 'medium' }).format(t));
}

/** The IANA time zone names this browser knows ("Europe/Budapest", ...), for a zone picker. */
export function timeZoneNames(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}

/** "6 Dec 2026, 14:05": a moment, written out. */
export function formatDateTime(iso: string | Date): string {
  const t = parse(iso);
  return Number.isNaN(t) ? String(iso) : mark(dateFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(t));
}

/** "14:05": the time of day only. */
export function formatTime(iso: string | Date): string {
  const t = parse(iso);
  return Number.isNaN(t) ? String(iso) : mark(dateFormat({ timeStyle: 'short' }).format(t));
}

/** "just now", "5 minutes ago", "in 2 hours", "3 days ago", else a date. */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const diff = t - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return mark(relativeFormat({ numeric: 'auto' }).format(0, 'second'));
  const rel = relativeFormat({ numeric: 'auto', style: 'long' });
  if (abs < HOUR) return mark(rel.format(Math.trunc(diff / MINUTE), 'minute'));
  if (abs < DAY) return mark(rel.format(Math.trunc(diff / HOUR), 'hour'));
  if (abs < 7 * DAY) return mark(rel.format(Math.trunc(diff / DAY), 'day'));
  return formatDate(iso);
}

/** Whole days from `iso` to now (0 on the same 24 h), e.g. a deal's days in its stage. */
export function daysSince(iso: string, now: number = Date.now()): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.max(0, Math.floor((now - t) / DAY));
}

/** "3 days" / "1 day" in the locale's words. */
export function formatDays(days: number): string {
  return mark(numberFormat({ style: 'unit', unit: 'day', unitDisplay: 'long' }).format(days));
}

/** A call's length: 75 -> "1:15", 3725 -> "1:02:05" (digits in the locale's numbering). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = numberFormat({ minimumIntegerDigits: 2, useGrouping: false });
  const plain = numberFormat({ useGrouping: false });
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${plain.format(h)}:${two.format(m)}:${two.format(sec)}` : `${plain.format(m)}:${two.format(sec)}`;
}

/** A list of words joined the locale's way: ["a","b","c"] -> "a, b and c". */
export function formatList(items: string[]): string {
  return mark(new Intl.ListFormat(currentLocale(), { style: 'long', type: 'conjunction' }).format(items));
}

/** A month written YYYY-MM ("2026-12") as "Dec 2026". */
export function formatMonth(month: string): string {
  const t = Date.parse(`${month}-01T00:00:00Z`);
  return Number.isNaN(t) ? month : mark(dateFormat({ month: 'short', year: 'numeric', timeZone: 'UTC' }).format(t));
}

/** A span of time for people: 42 -> "42 sec", 750 -> "13 min", 7500 -> "2.1 hr", 200000 -> "2.3 days". */
export function formatSpan(seconds: number): string {
  const s = Math.max(0, seconds);
  const unit = (value: number, u: string, digits: number) =>
    mark(numberFormat({ style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits }).format(value));
  if (s < 60) return unit(Math.round(s), 'second', 0);
  if (s < 3600) return unit(Math.round(s / 60), 'minute', 0);
  if (s < 86_400) return unit(s / 3600, 'hour', 1);
  return unit(s / 86_400, 'day', 1);
}

/** The browser's own time zone ("Europe/Budapest"). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The calendar day (YYYY-MM-DD) that `at` falls on in `timeZone`; an unknown zone counts as UTC. */
export function calendarDayIn(at: Date, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
