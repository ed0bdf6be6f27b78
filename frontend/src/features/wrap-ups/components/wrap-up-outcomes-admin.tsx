import { useEffect, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { Button, ErrorState, Spinner, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useSaveWrapUpOutcomes, useWrapUpOutcomes } from '../hooks/use-wrap-ups';
import { isKnownOutcome, outcomeText } from '../utils/outcome-labels';

/** The Head's list of wrap-up outcomes reps choose from after a call (keys stay: rules and reports use them). */
export function WrapUpOutcomesAdmin() {
  const intl = useIntl();
  const settings = useWrapUpOutcomes();
  const save = useSaveWrapUpOutcomes();
  const toast = useToast();
  const [outcomes, setOutcomes] = useState<string[]>([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (settings.data) setOutcomes(settings.data.outcomes);
  }, [settings.data]);

  function add(e: FormEvent) {
    e.preventDefault();
    const key = draft.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
    if (!key) return;
    if (!outcomes.includes(key)) setOutcomes([...outcomes, key]);
    setDraft('');
  }

  async function submit() {
    setError(null);
    try {
      await save.mutateAsync({ outcomes });
      toast.success(intl.formatMessage({ id: 'wrapUps.admin.saved', defaultMessage: 'Wrap-up outcomes saved' }));
    } catch (err) {
      const f = Object.values(fieldErrors(err))[0];
      setError(f ? `${errorMessage(err)}: ${f}` : errorMessage(err));
    }
  }

  if (settings.isPending) return <Spinner label={intl.formatMessage({ id: 'wrapUps.admin.loading', defaultMessage: 'Loading wrap-up outcomes' })} />;
  if (settings.isError) return <ErrorState message={errorMessage(settings.error)} />;
  return (
    <section aria-labelledby="wrap-up-outcomes-heading" className="admin-section" data-testid="wrap-up-outcomes-admin">
      <h2 id="wrap-up-outcomes-heading" className="section-title">
        {intl.formatMessage({ id: 'wrapUps.admin.title', defaultMessage: 'Call wrap-up outcomes' })}
      </h2>
      <p className="muted">
        {intl.formatMessage({
          id: 'wrapUps.admin.hint',
          defaultMessage: 'After each call the rep picks one of these. Rules can react to an outcome ("a call is wrapped up").',
        })}
      </p>
      <ul className="lost-reasons">
        {outcomes.map((o) => (
          <li key={o} data-testid={`wrap-up-outcome-item-${o}`}>
            {isKnownOutcome(o) ? outcomeText(intl, o) : <bdi data-user-content>{outcomeText(intl, o)}</bdi>}{' '}
            <Button
              size="sm"
              variant="ghost"
              disabled={outcomes.length === 1}
              onClick={() => setOutcomes(outcomes.filter((x) => x !== o))}
              aria-label={intl.formatMessage({ id: 'wrapUps.admin.removeOne', defaultMessage: 'Remove {outcome}' }, { outcome: outcomeText(intl, o) })}
            >
              {intl.formatMessage({ id: 'wrapUps.admin.remove', defaultMessage: 'Remove' })}
            </Button>
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add}>
        <TextField
          label={intl.formatMessage({ id: 'wrapUps.admin.newOutcome', defaultMessage: 'New outcome' })}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={40}
          data-testid="wrap-up-outcome-new"
        />
        <Button type="submit" size="sm" data-testid="wrap-up-outcome-add">
          {intl.formatMessage({ id: 'wrapUps.admin.add', defaultMessage: 'Add' })}
        </Button>
      </form>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        <Button variant="primary" busy={save.isPending} onClick={() => void submit()} data-testid="wrap-up-outcomes-save">
          {intl.formatMessage({ id: 'wrapUps.admin.save', defaultMessage: 'Save' })}
        </Button>
      </div>
    </section>
  );
}
