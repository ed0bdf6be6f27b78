import { useState, type FormEvent } from 'react';
import { Button, SelectField, TextAreaField } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { useLostReasons } from '../hooks/use-activities';
import { reasonLabel } from '../utils/activity-labels';

export interface LostAnswer {
  reason?: string;
  note?: string;
}

interface LostReasonFormProps {
  submitLabel: string;
  /** Closing by the button takes a note too; a move (drag, stage select) only the reason. */
  withNote?: boolean;
  /** Does the closing; a refusal is shown in the form, which stays open. */
  onSubmit: (answer: LostAnswer) => Promise<void>;
  onCancel?: () => void;
}

/** Why the deal was lost: a reason from the Head's list (required when the Head says so). */
export function LostReasonForm({ submitLabel, withNote = false, onSubmit, onCancel }: LostReasonFormProps) {
  const settings = useLostReasons();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const required = settings.data?.required ?? false;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (required && !reason) {
      setError('Choose a reason');
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await onSubmit({ reason: reason || undefined, note: note.trim() || undefined });
    } catch (err) {
      // the Head may have changed the list since it was read
      const stale = err instanceof ApiRequestError && (err.code === 'LOST_REASON_REQUIRED' || err.code === 'LOST_REASON_UNKNOWN');
      if (stale) void settings.refetch();
      setError(err instanceof ApiRequestError && err.code === 'LOST_REASON_REQUIRED' ? 'Choose a reason' : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate data-testid="close-lost-form">
      <SelectField
        label={required ? 'Reason (required)' : 'Reason'}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        disabled={settings.isPending}
        required={required}
        autoFocus
        data-testid="close-lost-reason"
      >
        <option value="">{required ? 'Choose a reason…' : 'No reason given'}</option>
        {(settings.data?.reasons ?? []).map((r) => (
          <option key={r} value={r}>
            {reasonLabel(r)}
          </option>
        ))}
      </SelectField>
      {withNote && (
        <TextAreaField label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} data-testid="close-lost-note" />
      )}
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        {onCancel && (
          <Button onClick={onCancel} data-testid="close-lost-cancel">
            Cancel
          </Button>
        )}
        <Button type="submit" variant="danger" busy={busy} disabled={settings.isPending} data-testid="close-lost-submit">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
