import { LANGUAGES, RTL_LANGUAGES, type Language } from '@callboard/contracts';

/** A language the page can be shown in: the five, and the pseudo-locale that tests use. */
export type UiLanguage = Language | 'pseudo';

/** Each language named in itself, as a language menu shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  hu: 'Magyar',
  id: 'Bahasa Indonesia',
  ro: 'Română',
  he: 'עברית',
};

/** Where the last language shown is kept, so the sign-in page opens in it next time. */
export const STORED_LANGUAGE = 'callboard.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first of the browser's languages we have ("hu-HU" -> hu; Hebrew's old code "iw" -> he; "in" -> id). */
export function browserLanguage(preferred: readonly string[]): Language | null {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    const code = base === 'iw' ? 'he' : base === 'in' ? 'id' : base;
    if (isLanguage(code)) return code;
  }
  return null;
}

/**
 * The language to show: the pseudo-locale when a test asked for it, else the user's own choice,
 * else the team's; before sign-in (or before the team's settings arrive) the one last shown on
 * this browser, else the browser's own (a first visit), else English.
 */
export function chooseLanguage(input: {
  stored: string | null;
  user: Language | null | undefined;
  team: Language | undefined;
  browser: readonly string[];
}): UiLanguage {
  if (input.stored === 'pseudo') return 'pseudo';
  if (input.user) return input.user;
  if (input.team) return input.team;
  if (isLanguage(input.stored)) return input.stored;
  return browserLanguage(input.browser) ?? 'en';
}

/** The BCP 47 locale Intl formats with (the pseudo-locale formats as English). */
export function intlLocale(language: UiLanguage): Language {
  return language === 'pseudo' ? 'en' : language;
}

export function directionOf(language: UiLanguage): 'rtl' | 'ltr' {
  return language !== 'pseudo' && RTL_LANGUAGES.includes(language) ? 'rtl' : 'ltr';
}
