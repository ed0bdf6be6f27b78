import type { MessageFormatElement } from 'react-intl';
import type { UiLanguage } from './languages';

export type Messages = Record<string, string | MessageFormatElement[]>;

/**
 * A language's messages, parsed at build time (scripts/i18n.mjs compile) and fetched when first
 * needed, never all languages at once, and each in two parts: what the first page shows
 * (first-page.ts), then the rest. English is the source: its messages are in the code itself
 * (pre-parsed by the build), so it needs no chunk.
 */
const FIRST: Record<Exclude<UiLanguage, 'en'>, () => Promise<{ default: unknown }>> = {
  hu: () => import('./compiled/hu.first.json'),
  id: () => import('./compiled/id.first.json'),
  ro: () => import('./compiled/ro.first.json'),
  he: () => import('./compiled/he.first.json'),
  pseudo: () => import('./compiled/pseudo.first.json'),
};
const REST: typeof FIRST = {
  hu: () => import('./compiled/hu.rest.json'),
  id: () => import('./compiled/id.rest.json'),
  ro: () => import('./compiled/ro.rest.json'),
  he: () => import('./compiled/he.rest.json'),
  pseudo: () => import('./compiled/pseudo.rest.json'),
};

export async function loadFirstMessages(language: UiLanguage): Promise<Messages> {
  return language === 'en' ? {} : ((await FIRST[language]()).default as Messages);
}

export async function loadRestMessages(language: UiLanguage): Promise<Messages> {
  return language === 'en' ? {} : ((await REST[language]()).default as Messages);
}

// Lazily loaded pages wait for the rest of the language shown (so they never flash English);
// asking for it fetches it if the provider has not yet.
let restReady: () => Promise<unknown> = () => Promise.resolve();

/** Set by the provider for the language it shows: fetches (once) the rest of its messages. */
export function setRestReady(fetchRest: () => Promise<unknown>): void {
  restReady = () => fetchRest().catch(() => undefined);
}

/** A lazily loaded module, once it and the rest of the page's language have arrived. */
export async function afterWords<T>(module: Promise<T>): Promise<T> {
  const [m] = await Promise.all([module, restReady()]);
  return m;
}
