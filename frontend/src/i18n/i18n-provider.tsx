import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl, type IntlConfig, type MessageFormatElement } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import type { Language, TeamSettings } from '@callboard/contracts';
import { Direction } from 'radix-ui';
import { api, setErrorWords } from '@/lib/api-client';
import { apiErrorMessage } from '@/components/ui/api-error';
import { setFormatSettings } from '@/lib/format';
import { useAuth } from '@/features/auth/hooks/auth-context';
import { LanguageContext } from './language-context';
import { chooseLanguage, directionOf, intlLocale, STORED_LANGUAGE, type UiLanguage } from './languages';
import { loadFirstMessages, loadRestMessages, setRestReady, type Messages } from './messages';

/** The team's settings: the language, currency and time zone every page is written in. */
export const TEAM_SETTINGS_KEY = ['team-settings'] as const;

function stored(): string | null {
  try {
    return localStorage.getItem(STORED_LANGUAGE);
  } catch {
    return null;
  }
}

function remember(language: UiLanguage): void {
  try {
    if (stored() !== 'pseudo') localStorage.setItem(STORED_LANGUAGE, language);
  } catch {
    // private mode: the next visit follows the browser again
  }
}

/** The document says its language and direction (screen readers, hyphenation, `dir="rtl"` mirrors the layout). */
function applyToDocument(language: UiLanguage): void {
  const root = document.documentElement;
  root.lang = language === 'pseudo' ? 'en-XA' : language;
  root.dir = directionOf(language);
}

// A message that fails to format is a bug to see in development; in production the English text shows.
const onError: IntlConfig['onError'] = (err) => {
  if (err.code === 'MISSING_TRANSLATION') return; // the English text shows (the unit test keeps catalogues complete)
  if (import.meta.env.DEV) console.error(err);
};

/**
 * Writes every page in the user's language (their own choice, else the team's; before sign-in the
 * last one shown here, else the browser's), with the team's time zone and currency: react-intl
 * (FormatJS, ADR 0029) for words, lib/format.ts (Intl) for values, `dir` for Hebrew.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const team = useQuery<TeamSettings>({
    queryKey: TEAM_SETTINGS_KEY,
    queryFn: ({ signal }) => api.get<TeamSettings>('/team-settings', undefined, signal),
    enabled: !!user,
    staleTime: 5 * 60_000,
  });
  const [override, setOverride] = useState<Language | null>(null);
  const wanted = chooseLanguage({
    stored: stored(),
    user: override ?? user?.language,
    team: user ? team.data?.language : undefined,
    browser: typeof navigator === 'undefined' ? [] : navigator.languages,
  });
  const timeZone = user ? team.data?.timeZone : undefined;
  // English (the words are in the code) shows at once: the first paint and the first requests
  // (RequireAuth's prefetch beside /auth/me) do not wait for an effect
  const [shown, setShown] = useState<{ language: UiLanguage; messages: Messages } | null>(() => {
    if (wanted !== 'en') return null;
    applyToDocument('en');
    setFormatSettings({ locale: 'en', timeZone, pseudo: false });
    return { language: 'en', messages: {} };
  });

  useEffect(() => {
    let current = true;
    // the first page's words first; the rest after the first paint, which lazily loaded pages wait for
    let rest: Promise<Messages> | null = null;
    const fetchRest = () => (rest ??= loadRestMessages(wanted));
    setRestReady(fetchRest);
    void loadFirstMessages(wanted).then(
      (first) => {
        if (!current) return;
        // before the page renders in it: lib/format.ts and the document switch with the words
        applyToDocument(wanted);
        setFormatSettings({ locale: intlLocale(wanted), timeZone, pseudo: wanted === 'pseudo' });
        remember(wanted);
        setShown((now) => (now?.language === wanted ? { language: wanted, messages: { ...now.messages, ...first } } : { language: wanted, messages: first }));
        // after the first paint (a lazy page asking sooner fetches it sooner)
        requestAnimationFrame(() => setTimeout(() => void fetchRest().then(
          (more) => current && setShown((now) => (now?.language === wanted ? { language: wanted, messages: { ...now.messages, ...more } } : now)),
          () => undefined, // offline: the first page's words stay; a lazy page shows English
        )));
      },
      () => {
        // the chunk could not be fetched (offline): stay in the language shown, or English
        if (current && !shown) setShown({ language: 'en', messages: {} });
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `shown` is read only as a fallback
  }, [wanted, timeZone]);

  // a choice just saved shows at once; the signed-in user's record catches up
  useEffect(() => setOverride(null), [user?.language]);
  const choose = useCallback((language: Language | null) => setOverride(language), []);

  const context = useMemo(
    () => ({ language: shown?.language ?? wanted, teamLanguage: team.data?.language ?? null, currency: team.data?.currency ?? null, choose }),
    [shown?.language, wanted, team.data?.language, team.data?.currency, choose],
  );

  if (!shown) return null; // the first catalogue is a few kB and comes before the first paint
  return (
    <LanguageContext.Provider value={context}>
      <IntlProvider locale={intlLocale(shown.language)} defaultLocale="en" messages={shown.messages as Record<string, MessageFormatElement[]>} timeZone={timeZone} onError={onError}>
        <ErrorWords english={shown.language === 'en'} />
        <Direction.Provider dir={directionOf(shown.language)}>{children}</Direction.Provider>
      </IntlProvider>
    </LanguageContext.Provider>
  );
}

/**
 * `errorMessage(error)` (lib/api-client, used by every feature's toasts) speaks the page's
 * language: one sentence per error code. In English the server's own message stays: it is
 * written for people and says more than its code ("Extension 1002 belongs to another user").
 */
function ErrorWords({ english }: { english: boolean }) {
  const intl = useIntl();
  useEffect(() => {
    if (english) return;
    setErrorWords((error) => apiErrorMessage(intl, error));
    return () => setErrorWords(null);
  }, [intl, english]);
  return null;
}
