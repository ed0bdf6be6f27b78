import { useEffect, useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { Button, ErrorState, SelectField, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useAssignableUsers } from '@/features/users';
import { useMissedCallSettings, useSaveMissedCallSettings } from '../hooks/use-today';

const NOBODY = '';

const M = defineMessages({
  loading: { id: 'today.missedCalls.loading', defaultMessage: 'Loading the missed-call setting' },
  saved: { id: 'today.missedCalls.saved', defaultMessage: 'Saved' },
  explanation: {
    id: 'today.missedCalls.explanation',
    defaultMessage:
      "When a caller nobody owns is missed, the call-back goes to every Seller's Today list as an unclaimed call-back: the first to claim it or call back owns it. Or give all of them to one person.",
  },
  assignee: { id: 'today.missedCalls.assignee', defaultMessage: 'Call-backs of missed calls go to' },
  everySeller: { id: 'today.missedCalls.everySeller', defaultMessage: 'Every Seller (unclaimed until someone claims it)' },
  save: { id: 'today.missedCalls.save', defaultMessage: 'Save' },
});

/**
 * The Head's choice for missed calls from callers nobody owns: leave the call-back unclaimed (on
 * every Seller's Today list until one claims it or calls back), or give it to one person.
 */
export function MissedCallSettingsAdmin() {
  const intl = useIntl();
  const settings = useMissedCallSettings();
  const save = useSaveMissedCallSettings();
  const users = useAssignableUsers();
  const toast = useToast();
  const [choice, setChoice] = useState(NOBODY);

  useEffect(() => {
    if (settings.data) setChoice(settings.data.defaultAssigneeId ?? NOBODY);
  }, [settings.data]);

  if (settings.isPending) return <Spinner label={intl.formatMessage(M.loading)} />;
  if (settings.isError) return <ErrorState message={errorMessage(settings.error)} />;

  async function submit() {
    try {
      await save.mutateAsync({ defaultAssigneeId: choice === NOBODY ? null : choice });
      toast.success(intl.formatMessage(M.saved));
    } catch (e) {
      toast.error(errorMessage(e));
    }
  }

  return (
    <section className="missed-call-settings" data-testid="missed-call-settings">
      <p className="muted">{intl.formatMessage(M.explanation)}</p>
      <SelectField label={intl.formatMessage(M.assignee)} value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="missed-call-assignee">
        <option value={NOBODY}>{intl.formatMessage(M.everySeller)}</option>
        {users.map((u) => (
          <option key={u.id} value={u.id} data-user-content>
            {u.name}
          </option>
        ))}
      </SelectField>
      <Button variant="primary" busy={save.isPending} onClick={() => void submit()} data-testid="missed-call-save">
        {intl.formatMessage(M.save)}
      </Button>
    </section>
  );
}
