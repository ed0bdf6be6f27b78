import { useState } from 'react';
import { useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import { LANGUAGES, type Language, type UpdateMyLanguageRequest, type User } from '@callboard/contracts';
import { SelectField, useToast } from '@/components/ui';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-client';
import { useSessionUser } from '@/features/auth/hooks/auth-context';
import { useLanguage } from './language-context';
import { LANGUAGE_NAMES } from './languages';

/** The signed-in user's own language: one of the five, or the team's (the default). */
export function LanguagePicker() {
  const intl = useIntl();
  const me = useSessionUser();
  const { teamLanguage, choose } = useLanguage();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [saving, setSaving] = useState(false);

  const save = async (language: Language | null) => {
    choose(language); // shown at once; saved behind it
    setSaving(true);
    try {
      const user = await api.put<User>('/auth/language', { language } satisfies UpdateMyLanguageRequest);
      queryClient.setQueryData(queryKeys.me, (old: object | undefined) => ({ ...old, ...user }));
    } catch {
      choose(me.language ?? null);
      toast.error(intl.formatMessage({ id: 'i18n.picker.saveFailed', defaultMessage: 'Your language could not be saved. Try again.' }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <SelectField
      label={intl.formatMessage({ id: 'i18n.picker.label', defaultMessage: 'Language' })}
      value={me.language ?? ''}
      disabled={saving}
      onChange={(e) => void save(e.target.value ? (e.target.value as Language) : null)}
      data-testid="language-picker"
    >
      <option value="">
        {intl.formatMessage(
          { id: 'i18n.picker.teamDefault', defaultMessage: 'Team default ({language})' },
          { language: teamLanguage ? LANGUAGE_NAMES[teamLanguage] : '…' },
        )}
      </option>
      {LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANGUAGE_NAMES[l]}
        </option>
      ))}
    </SelectField>
  );
}
