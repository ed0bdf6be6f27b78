import './activities.css';
import { useEffect, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { Button, ErrorState, Spinner, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useLostReasons, useSaveLostReasons } from '../hooks/use-activities';
import { lostReasonText } from '../utils/activity-labels';
import { LostReasonLabel } from './lost-reason-label';

/** The Head's list of reasons for closing a deal as lost, and whether one must be given. */
export function LostReasonsAdmin() {
  const intl = useIntl();
  const settings = useLostReasons();
  const save = useSaveLostReasons();
  const toast = useToast();
  const [reasons, setReasons] = useState<string[]>([]);
  const [required, setRequired] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!settings.data) return;
    setReasons(settings.data.reasons);
    setRequired(settings.data.required);
  }, [settings.data]);

  function add(e: FormEvent) {
    e.preventDefault();
    const key = draft.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
    if (!key) return;
    if (!reasons.includes(key)) setReasons([...reasons, key]);
    setDraft('');
  }

  async function submit() {
    setError(null);
    try {
      await save.mutateAsync({ reasons, required });
      toast.success(intl.formatMessage({ id: 'activities.lostReasonsAdmin.saved', defaultMessage: 'Lost reasons saved' }));
    } catch (err) {
      // the server's message, and the first field it refused (both already in words)
      const f = Object.values(fieldErrors(err))[0];
      setError(f ? `${errorMessage(err)}: ${f}` : errorMessage(err));
    }
  }

  if (settings.isPending) return <Spinner label={intl.formatMessage({ id: 'activities.lostReasonsAdmin.loading', defaultMessage: 'Loading lost reasons' })} />;
  if (settings.isError) return <ErrorState message={errorMessage(settings.error)} />;
  return (
    <section aria-labelledby="lost-reasons-heading" className="admin-section" data-testid="lost-reasons-admin">
      <h2 id="lost-reasons-heading" className="section-title">
        {intl.formatMessage({ id: 'activities.lostReasonsAdmin.title', defaultMessage: 'Reasons for closing a deal as lost' })}
      </h2>
      <ul className="lost-reasons">
        {reasons.map((r) => (
          <li key={r} data-testid={`lost-reason-${r}`}>
            <LostReasonLabel reason={r} />{' '}
            <Button
              size="sm"
              variant="ghost"
              disabled={reasons.length === 1}
              onClick={() => setReasons(reasons.filter((x) => x !== r))}
              aria-label={intl.formatMessage({ id: 'activities.lostReasonsAdmin.removeOne', defaultMessage: 'Remove {reason}' }, { reason: lostReasonText(intl, r) })}
            >
              {intl.formatMessage({ id: 'activities.lostReasonsAdmin.remove', defaultMessage: 'Remove' })}
            </Button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add}>
        <TextField
          label={intl.formatMessage({ id: 'activities.lostReasonsAdmin.newReason', defaultMessage: 'New reason' })}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={40}
          data-testid="lost-reason-new"
        />
        <Button type="submit" size="sm" data-testid="lost-reason-add">
          {intl.formatMessage({ id: 'activities.lostReasonsAdmin.add', defaultMessage: 'Add' })}
        </Button>
      </form>
      <label className="checkbox-row">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} data-testid="lost-reason-required" />{' '}
        {intl.formatMessage({ id: 'activities.lostReasonsAdmin.required', defaultMessage: 'A reason is required' })}
      </label>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        <Button variant="primary" busy={save.isPending} onClick={() => void submit()} data-testid="lost-reasons-save">
          {intl.formatMessage({ id: 'activities.lostReasonsAdmin.save', defaultMessage: 'Save' })}
        </Button>
      </div>
    </section>
  );
}
