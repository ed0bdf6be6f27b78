import type { MessageFormatElement } from 'react-intl';
import type { UiLanguage } from './languages';

export type Messages = Record<string, string | MessageFormatElement[]>;

/**
 * A language's messages, parsed at build time (scripts/i18n.mjs compile) and fetched when first
 * needed: one chunk per language, never all of them. English is the source: its messages are in
 * the code itself (pre-parsed by the build), so it needs no chunk.
 */
export async function loadMessages(language: UiLanguage): Promise<Messages> {
  switch (language) {
    case 'en':
      return {};
    case 'hu':
      return (await import('./compiled/hu.json')).default as Messages;
    case 'id':
      return (await import('./compiled/id.json')).default as Messages;
    case 'ro':
      return (await import('./compiled/ro.json')).default as Messages;
    case 'he':
      return (await import('./compiled/he.json')).default as Messages;
    case 'pseudo':
      return (await import('./compiled/pseudo.json')).default as Messages;
  }
}
