import { createContext, useContext } from 'react';
import type { CurrencyCode, Language } from '@callboard/contracts';
import type { UiLanguage } from './languages';

export interface LanguageState {
  /** The language the page is shown in now. */
  language: UiLanguage;
  /** The team's language (what "team default" means), null before the team's settings arrive. */
  teamLanguage: Language | null;
  /** The team's currency (new deals, report totals), null before the team's settings arrive. */
  currency: CurrencyCode | null;
  /** Shows the page in `language` at once (null: the team's) while the choice is being saved. */
  choose: (language: Language | null) => void;
}

export const LanguageContext = createContext<LanguageState | null>(null);

export function useLanguage(): LanguageState {
  const ctx = useContext(LanguageContext);
  if (!ctx) throw new Error('useLanguage must be used inside <I18nProvider>');
  return ctx;
}
