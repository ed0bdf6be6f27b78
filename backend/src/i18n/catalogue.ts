import type { Language } from '@callboard/contracts';
import { IntlMessageFormat } from 'intl-messageformat';
import en from './locales/en.json';
import he from './locales/he.json';
import hu from './locales/hu.json';
import id from './locales/id.json';
import ro from './locales/ro.json';

/**
 * What the backend writes for people to read (emails, notifications, a new install's default
 * stages and rules), one flat catalogue per language: id → ICU MessageFormat, the syntax and
 * plural rules (CLDR, through Intl.PluralRules) the web app's react-intl uses. English is the
 * source: its ids are all the ids. Pure: no framework, so unit specs load it as it is.
 */
export type MessageId = keyof typeof en;

/** Values of a message's variables; dates and amounts come in formatted (see Words). */
export type MessageValues = Record<string, string | number>;

export const CATALOGUES: Record<Language, Record<string, string>> = { en, hu, id, ro, he };

const compiled = new Map<string, IntlMessageFormat>();

/** The message `id` in `language`, its variables filled in. */
export function translate(language: Language, id: MessageId, values?: MessageValues): string {
  const key = `${language}:${id}`;
  let message = compiled.get(key);
  if (!message) {
    // a language that lacks the id (the unit spec forbids it) falls back to English
    message = new IntlMessageFormat(CATALOGUES[language][id] ?? CATALOGUES.en[id], language);
    compiled.set(key, message);
  }
  return String(message.format(values));
}

/**
 * Texts for one reader: their language, and the team's time zone for moments. Dates and amounts
 * are formatted by Intl here and passed into messages as values; a message never spells one.
 */
export class Words {
  private readonly dayFormat: Intl.DateTimeFormat;
  private readonly dateFormat: Intl.DateTimeFormat;

  constructor(
    readonly language: Language,
    readonly timeZone: string,
  ) {
    this.dayFormat = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    this.dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone });
  }

  t(id: MessageId, values?: MessageValues): string {
    return translate(this.language, id, values);
  }

  /** A calendar date ("2026-11-24", already the team's day) written out: "November 24, 2026", "2026. november 24.". */
  day(date: string): string {
    return this.dayFormat.format(new Date(`${date}T00:00:00Z`));
  }

  /** The date a moment falls on in the team's time zone: "Nov 23, 2026". */
  dateOf(at: Date | string): string {
    return this.dateFormat.format(new Date(at));
  }

  /** An amount (a decimal string as stored) in its currency: "€1,250.00", "1 250,00 €". */
  amount(amount: string, currency: string): string {
    return new Intl.NumberFormat(this.language, { style: 'currency', currency }).format(Number(amount));
  }
}
