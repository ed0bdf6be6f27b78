import { useState, type FormEvent, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Button, SelectField, TextAreaField } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { useLostReasons } from '../hooks/use-activities';
import { isKnownLostReason, lostReasonText } from '../utils/activity-labels';

export interface LostAnswer {
  reason?: string;
  note?: string;
}

interface LostReasonFormProps {
  submitLabel: ReactNode;
  /** Closing by the button takes a note too; a move (drag, stage select) only the reason. */
  withNote?: boolean;
  /** Does the closing; a refusal is shown in the form, which stays open. */
  onSubmit: (answer: LostAnswer) => Promise<void>;
  onCancel?: () => void;
}

/** Why the deal was lost: a reason from the Head's list (required when the Head says so). */
export function LostReasonForm({ submitLabel, withNote = false, onSubmit, onCancel }: LostReasonFormProps) {
  const intl = useIntl();
  const settings = useLostReasons();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const required = settings.data?.required ?? false;
  const chooseReason = intl.formatMessage({ id: 'activities.lostReason.required', defaultMessage: 'Choose a reason' });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (required && !reason) {
      setError(chooseReason);
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
      setError(err instanceof ApiRequestError && err.code === 'LOST_REASON_REQUIRED' ? chooseReason : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate data-testid="close-lost-form">
      <SelectField
        label={
          required
            ? intl.formatMessage({ id: 'activities.lostReason.labelRequired', defaultMessage: 'Reason (required)' })
            : intl.formatMessage({ id: 'activities.lostReason.label', defaultMessage: 'Reason' })
        }
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        disabled={settings.isPending}
        required={required}
        autoFocus
        data-testid="close-lost-reason"
      >
        <option value="">
          {required
            ? intl.formatMessage({ id: 'activities.lostReason.choose', defaultMessage: 'Choose a reason…' })
            : intl.formatMessage({ id: 'activities.lostReason.none', defaultMessage: 'No reason given' })}
        </option>
        {(settings.data?.reasons ?? []).map((r) => (
          <option key={r} value={r} data-user-content={isKnownLostReason(r) ? undefined : true}>
            {lostReasonText(intl, r)}
          </option>
        ))}
      </SelectField>
      {withNote && (
        <TextAreaField
          label={intl.formatMessage({ id: 'activities.lostReason.note', defaultMessage: 'Note (optional)' })}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          rows={2}
          maxLength={1000}
          data-testid="close-lost-note"
        />
      )}
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        {onCancel && (
          <Button onClick={onCancel} data-testid="close-lost-cancel">
            {intl.formatMessage({ id: 'activities.lostReason.cancel', defaultMessage: 'Cancel' })}
          </Button>
        )}
        <Button type="submit" variant="danger" busy={busy} disabled={settings.isPending} data-testid="close-lost-submit">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
