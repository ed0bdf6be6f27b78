import { useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import type { VisitStatus, VisitType } from '@callboard/contracts';
import { Button, SelectField, TextAreaField, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useLogActivity } from '../hooks/use-activities';
import { VISIT_STATUS_MESSAGES, VISIT_TYPE_MESSAGES } from '../utils/activity-labels';

type Kind = 'visit' | 'note';

export function ActivityForm({ dealId }: { dealId: string }) {
  const intl = useIntl();
  const log = useLogActivity(dealId);
  const toast = useToast();
  const [kind, setKind] = useState<Kind>('note');
  const [visitType, setVisitType] = useState<VisitType>('on_site');
  const [visitStatus, setVisitStatus] = useState<VisitStatus>('initial_contact');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (kind === 'note' && !body.trim()) {
      setError(intl.formatMessage({ id: 'activities.form.noteRequired', defaultMessage: 'Write the note first' }));
      return;
    }
    setError(null);
    try {
      await log.mutateAsync(kind === 'note' ? { kind, body: body.trim() } : { kind, visitType, visitStatus, body: body.trim() });
      setBody('');
      toast.success(
        kind === 'note'
          ? intl.formatMessage({ id: 'activities.form.noteAdded', defaultMessage: 'Note added' })
          : intl.formatMessage({ id: 'activities.form.visitLogged', defaultMessage: 'Visit logged' }),
      );
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form
      className="form-grid activity-form"
      onSubmit={submit}
      noValidate
      aria-label={intl.formatMessage({ id: 'activities.form.label', defaultMessage: 'Log an activity' })}
      data-testid="activity-form"
    >
      <div className="segmented" role="radiogroup" aria-label={intl.formatMessage({ id: 'activities.form.kind', defaultMessage: 'What to log' })}>
        {(['note', 'visit'] as const).map((k) => (
          <label key={k} className={`segmented-option${kind === k ? ' is-active' : ''}`}>
            <input type="radio" name={`activity-kind-${dealId}`} value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`activity-kind-${k}`} />
            {k === 'note'
              ? intl.formatMessage({ id: 'activities.form.kindNote', defaultMessage: 'Note' })
              : intl.formatMessage({ id: 'activities.form.kindVisit', defaultMessage: 'Visit / meeting' })}
          </label>
        ))}
      </div>
      {kind === 'visit' && (
        <>
          <SelectField
            label={intl.formatMessage({ id: 'activities.form.visitType', defaultMessage: 'Type' })}
            value={visitType}
            onChange={(e) => setVisitType(e.target.value as VisitType)}
            data-testid="activity-visit-type"
          >
            {Object.entries(VISIT_TYPE_MESSAGES).map(([v, message]) => (
              <option key={v} value={v}>
                {intl.formatMessage(message)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={intl.formatMessage({ id: 'activities.form.visitStatus', defaultMessage: 'Status' })}
            value={visitStatus}
            onChange={(e) => setVisitStatus(e.target.value as VisitStatus)}
            data-testid="activity-visit-status"
          >
            {Object.entries(VISIT_STATUS_MESSAGES).map(([v, message]) => (
              <option key={v} value={v}>
                {intl.formatMessage(message)}
              </option>
            ))}
          </SelectField>
        </>
      )}
      <TextAreaField
        label={
          kind === 'note'
            ? intl.formatMessage({ id: 'activities.form.noteLabel', defaultMessage: 'Note' })
            : intl.formatMessage({ id: 'activities.form.visitNotesLabel', defaultMessage: 'Notes (optional)' })
        }
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={3}
        maxLength={10_000}
        data-testid="activity-body"
      />
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={log.isPending} data-testid="activity-submit">
          {kind === 'note'
            ? intl.formatMessage({ id: 'activities.form.addNote', defaultMessage: 'Add note' })
            : intl.formatMessage({ id: 'activities.form.logVisit', defaultMessage: 'Log visit' })}
        </Button>
      </div>
    </form>
  );
}
