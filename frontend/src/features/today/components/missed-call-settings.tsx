import { useEffect, useState } from 'react';
import { Button, ErrorState, SelectField, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useAssignableUsers } from '@/features/users';
import { useMissedCallSettings, useSaveMissedCallSettings } from '../hooks/use-today';

const NOBODY = '';

/**
 * The Head's choice for missed calls from callers nobody owns: leave the call-back unclaimed (on
 * every Seller's Today list until one claims it or calls back), or give it to one person.
 */
export function MissedCallSettingsAdmin() {
  const settings = useMissedCallSettings();
  const save = useSaveMissedCallSettings();
  const users = useAssignableUsers();
  const toast = useToast();
  const [choice, setChoice] = useState(NOBODY);

  useEffect(() => {
    if (settings.data) setChoice(settings.data.defaultAssigneeId ?? NOBODY);
  }, [settings.data]);

  if (settings.isPending) return <Spinner label="Loading the missed-call setting" />;
  if (settings.isError) return <ErrorState message={errorMessage(settings.error)} />;

  async function submit() {
    try {
      await save.mutateAsync({ defaultAssigneeId: choice === NOBODY ? null : choice });
      toast.success('Saved');
    } catch (e) {
      toast.error(errorMessage(e));
    }
  }

  return (
    <section className="missed-call-settings" data-testid="missed-call-settings">
      <p className="muted">
        When a caller nobody owns is missed, the call-back goes to every Seller's Today list as an unclaimed call-back: the
        first to claim it or call back owns it. Or give all of them to one person.
      </p>
      <SelectField label="Call-backs of missed calls go to" value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="missed-call-assignee">
        <option value={NOBODY}>Every Seller (unclaimed until someone claims it)</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </SelectField>
      <Button variant="primary" busy={save.isPending} onClick={() => void submit()} data-testid="missed-call-save">
        Save
      </Button>
    </section>
  );
}
