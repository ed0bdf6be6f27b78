import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import type { UpdateMyPreferencesRequest, User } from '@callboard/contracts';
import { useToast } from '@/components/ui';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-client';
import { useSessionUser } from '@/features/auth';

/**
 * The signed-in user's "open the deal when I answer" (issue 16), on their Account page. Saved at
 * once; the phone reads it from the session user at the next answer.
 */
export function AnswerPreference() {
  const intl = useIntl();
  const me = useSessionUser();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [saving, setSaving] = useState(false);
  const on = me.openDealOnAnswer !== false;

  const save = async (openDealOnAnswer: boolean) => {
    setSaving(true);
    try {
      const user = await api.patch<User>('/auth/preferences', { openDealOnAnswer } satisfies UpdateMyPreferencesRequest);
      queryClient.setQueryData(queryKeys.me, (old: object | undefined) => ({ ...old, ...user }));
    } catch {
      toast.error(intl.formatMessage({ id: 'softphone.preference.saveFailed', defaultMessage: 'Your setting could not be saved. Try again.' }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <label className="filter-check" data-testid="open-deal-on-answer-field">
      <input
        type="checkbox"
        checked={on}
        disabled={saving}
        aria-describedby="open-deal-on-answer-hint"
        onChange={(e) => void save(e.target.checked)}
        data-testid="open-deal-on-answer"
      />
      <FormattedMessage id="softphone.preference.openDealOnAnswer" defaultMessage="Open the deal when I answer a call" />
      <span id="open-deal-on-answer-hint" className="muted">
        {' '}
        <FormattedMessage
          id="softphone.preference.openDealOnAnswerHint"
          defaultMessage="(or the contact, for a call with no deal; while you are typing in a form, a link is shown instead)"
        />
      </span>
    </label>
  );
}
