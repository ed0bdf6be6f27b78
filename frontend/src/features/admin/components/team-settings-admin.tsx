import './admin.css';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Language, LANGUAGES, UpdateTeamSettingsRequest } from '@callboard/contracts';
import { Button, ErrorState, SelectField, Spinner, TextField, useToast } from '@/components/ui';
import { LANGUAGE_NAMES, TEAM_SETTINGS_KEY } from '@/i18n';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { formatDays, timeZoneNames } from '@/lib/format';
import { teamSettingsApi } from '../api/team-settings-api';

type Field = 'timeZone' | 'expectedCloseDays' | 'language' | 'currency' | 'phoneRegion';

// What is wrong with a field, by the contract's schema (the form) or the server (a currency or a
// region it does not know).
const INVALID = defineMessages({
  timeZone: { id: 'admin.team.timeZoneInvalid', defaultMessage: 'Choose a time zone from the list' },
  expectedCloseDays: { id: 'admin.team.daysInvalid', defaultMessage: 'A whole number of days from 1 to 365' },
  language: { id: 'admin.team.languageInvalid', defaultMessage: 'Choose a language from the list' },
  currency: { id: 'admin.team.currencyInvalid', defaultMessage: 'Enter a three-letter ISO 4217 code such as EUR' },
  phoneRegion: { id: 'admin.team.phoneRegionInvalid', defaultMessage: 'Enter a two-letter country code such as HU' },
});
const UNKNOWN = defineMessages({
  currency: { id: 'admin.team.currencyUnknown', defaultMessage: 'This is not a currency code the app knows. Use one such as EUR, HUF, IDR, RON or ILS.' },
  phoneRegion: { id: 'admin.team.phoneRegionUnknown', defaultMessage: 'There is no country with phone numbers under this code. Use one such as HU, ID, RO or IL.' },
});

const FIELDS: readonly Field[] = ['timeZone', 'expectedCloseDays', 'language', 'currency', 'phoneRegion'];
const isField = (key: unknown): key is Field => FIELDS.includes(key as Field);

/**
 * The team's time zone (what "today" is for lists, digests and reports), a new deal's default days
 * to its expected close, the team's language (the app's, unless a user chose their own), its
 * currency and the region a phone number without a country code is read in.
 */
export function TeamSettingsAdmin() {
  const intl = useIntl();
  // the same query as the I18nProvider's: saving the language shows the app in it at once
  const settings = useQuery({ queryKey: TEAM_SETTINGS_KEY, queryFn: ({ signal }) => teamSettingsApi.get(signal) });
  const queryClient = useQueryClient();
  const save = useMutation({ mutationFn: teamSettingsApi.save, onSuccess: (saved) => queryClient.setQueryData(TEAM_SETTINGS_KEY, saved) });
  const toast = useToast();
  const [timeZone, setTimeZone] = useState('');
  const [days, setDays] = useState('');
  const [language, setLanguage] = useState<string>('');
  const [currency, setCurrency] = useState('');
  const [phoneRegion, setPhoneRegion] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [serverError, setServerError] = useState<string | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    setTimeZone(settings.data.timeZone);
    setDays(String(settings.data.expectedCloseDays));
    setLanguage(settings.data.language);
    setCurrency(settings.data.currency);
    setPhoneRegion(settings.data.phoneRegion);
  }, [settings.data]);

  // the browser's zones, with the saved one even if this browser does not list it (e.g. "UTC")
  const zones = useMemo(() => {
    const names = timeZoneNames();
    const current = settings.data?.timeZone;
    return current && !names.includes(current) ? [current, ...names] : names;
  }, [settings.data?.timeZone]);

  if (settings.isPending) return <Spinner label={intl.formatMessage({ id: 'admin.team.loading', defaultMessage: 'Loading the team settings' })} />;
  if (settings.isError) return <ErrorState message={errorMessage(settings.error)} />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setServerError(null);
    const parsed = UpdateTeamSettingsRequest.safeParse({
      timeZone,
      expectedCloseDays: days.trim() === '' ? Number.NaN : Number(days),
      language,
      currency: currency.trim(),
      phoneRegion: phoneRegion.trim(),
    });
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (isField(field)) found[field] ??= intl.formatMessage(INVALID[field]);
      }
      setErrors(found);
      return;
    }
    setErrors({});
    try {
      const saved = await save.mutateAsync(parsed.data);
      toast.success(
        intl.formatMessage(
          {
            id: 'admin.team.saved',
            defaultMessage: 'Saved: the team’s time zone is {timeZone}; new deals are expected to close in {days}',
          },
          { timeZone: saved.timeZone, days: formatDays(saved.expectedCloseDays) },
        ),
      );
    } catch (err) {
      // a code of the right shape that the server does not know goes under its field
      const refused = fieldErrors(err);
      const at: Partial<Record<Field, string>> = {};
      if (refused.currency) at.currency = intl.formatMessage(UNKNOWN.currency);
      if (refused.phoneRegion) at.phoneRegion = intl.formatMessage(UNKNOWN.phoneRegion);
      setErrors(at);
      if (!at.currency && !at.phoneRegion) setServerError(errorMessage(err));
    }
  }

  return (
    <section aria-labelledby="team-heading" className="admin-section" data-testid="team-settings-admin">
      <h2 id="team-heading" className="section-title">
        <FormattedMessage id="admin.team.heading" defaultMessage="Team" />
      </h2>
      <p className="muted">
        <FormattedMessage
          id="admin.team.intro"
          defaultMessage="The team’s time zone decides what “today” is: the Today lists, the daily digest’s hour and the reports’ days. A new deal is expected to close this many days after the day it was created; each deal’s date can be changed on its page."
        />
      </p>
      <p className="muted">
        <FormattedMessage
          id="admin.team.introLanguage"
          defaultMessage="Every page is shown in the team’s language unless a user chooses their own on their account page; emails and notifications are written in it. New deals and the reports’ totals are in the team’s currency. A phone number typed without a country code is read as a number of the phone region."
        />
      </p>
      <form className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField
          label={intl.formatMessage({ id: 'admin.team.timeZone', defaultMessage: 'Time zone' })}
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
          error={errors.timeZone}
          data-testid="team-time-zone"
        >
          {zones.map((z) => (
            <option key={z} value={z} translate="no">
              {z.replaceAll('_', ' ')}
            </option>
          ))}
        </SelectField>
        <TextField
          label={intl.formatMessage({ id: 'admin.team.days', defaultMessage: 'A new deal is expected to close after (days)' })}
          type="number"
          min={1}
          max={365}
          step={1}
          inputMode="numeric"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={errors.expectedCloseDays}
          data-testid="team-expected-close-days"
        />
        <SelectField
          label={intl.formatMessage({ id: 'admin.team.language', defaultMessage: 'Language' })}
          value={language}
          onChange={(e) => setLanguage(e.target.value)}
          error={errors.language}
          data-testid="team-settings-language"
        >
          {LANGUAGES.map((l: Language) => (
            <option key={l} value={l} lang={l} translate="no">
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </SelectField>
        <TextField
          label={intl.formatMessage({ id: 'admin.team.currency', defaultMessage: 'Currency' })}
          value={currency}
          onChange={(e) => setCurrency(e.target.value.toUpperCase())}
          maxLength={3}
          pattern="[A-Z]{3}"
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          dir="ltr"
          hint={intl.formatMessage({ id: 'admin.team.currencyHint', defaultMessage: 'Three letters (ISO 4217), such as EUR, HUF, IDR, RON or ILS' })}
          error={errors.currency}
          data-testid="team-settings-currency"
        />
        <TextField
          label={intl.formatMessage({ id: 'admin.team.phoneRegion', defaultMessage: 'Phone region' })}
          value={phoneRegion}
          onChange={(e) => setPhoneRegion(e.target.value.toUpperCase())}
          maxLength={2}
          pattern="[A-Z]{2}"
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          dir="ltr"
          hint={intl.formatMessage({ id: 'admin.team.phoneRegionHint', defaultMessage: 'Two letters (ISO 3166), such as HU, ID, RO or IL' })}
          error={errors.phoneRegion}
          data-testid="team-settings-phone-region"
        />
        {serverError && (
          <div className="form-error" role="alert" data-testid="team-settings-server-error">
            {serverError}
          </div>
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending} data-testid="team-settings-save">
            <FormattedMessage id="admin.team.save" defaultMessage="Save" />
          </Button>
        </div>
      </form>
    </section>
  );
}
