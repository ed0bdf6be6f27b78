import { useState, type FormEvent } from 'react';
import type { VisitStatus, VisitType } from '@callboard/contracts';
import { Button, SelectField, TextAreaField, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useLogActivity } from '../hooks/use-activities';
import { VISIT_STATUS_LABELS, VISIT_TYPE_LABELS } from '../utils/activity-labels';

type Kind = 'visit' | 'note';

export function ActivityForm({ dealId }: { dealId: string }) {
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
      setError('Write the note first');
      return;
    }
    setError(null);
    try {
      await log.mutateAsync(kind === 'note' ? { kind, body: body.trim() } : { kind, visitType, visitStatus, body: body.trim() });
      setBody('');
      toast.success(kind === 'note' ? 'Note added' : 'Visit logged');
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form className="form-grid activity-form" onSubmit={submit} noValidate aria-label="Log an activity" data-testid="activity-form">
      <div className="segmented" role="radiogroup" aria-label="What to log">
        {(['note', 'visit'] as const).map((k) => (
          <label key={k} className={`segmented-option${kind === k ? ' is-active' : ''}`}>
            <input type="radio" name={`activity-kind-${dealId}`} value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`activity-kind-${k}`} />
            {k === 'note' ? 'Note' : 'Visit / meeting'}
          </label>
        ))}
      </div>
      {kind === 'visit' && (
        <>
          <SelectField label="Type" value={visitType} onChange={(e) => setVisitType(e.target.value as VisitType)} data-testid="activity-visit-type">
            {Object.entries(VISIT_TYPE_LABELS).map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Status" value={visitStatus} onChange={(e) => setVisitStatus(e.target.value as VisitStatus)} data-testid="activity-visit-status">
            {Object.entries(VISIT_STATUS_LABELS).map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </SelectField>
        </>
      )}
      <TextAreaField label={kind === 'note' ? 'Note' : 'Notes (optional)'} value={body} onChange={(e) => setBody(e.target.value)} rows={3} maxLength={10_000} data-testid="activity-body" />
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={log.isPending} data-testid="activity-submit">
          {kind === 'note' ? 'Add note' : 'Log visit'}
        </Button>
      </div>
    </form>
  );
}
