import { useState, type FormEvent } from 'react';
import type { Deal } from '@callboard/contracts';
import { Button, Dialog, SelectField, TextAreaField, useToast } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { useCloseLost, useLostReasons } from '../hooks/use-activities';
import { reasonLabel } from '../utils/activity-labels';

/** Close an open deal as lost, with a reason from the Head's list (required when the Head says so). */
export function CloseLostButton({ deal, onClosed }: { deal: Deal; onClosed: (deal: Deal) => void }) {
  const [open, setOpen] = useState(false);
  if (deal.status !== 'open') return null;
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)} data-testid="close-lost">
        Close as lost
      </Button>
      <Dialog open={open} title="Close as lost" onClose={() => setOpen(false)} width="sm" testId="close-lost-dialog">
        {open && (
          <CloseLostForm
            deal={deal}
            onClosed={(d) => {
              setOpen(false);
              onClosed(d);
            }}
          />
        )}
      </Dialog>
    </>
  );
}

function CloseLostForm({ deal, onClosed }: { deal: Deal; onClosed: (deal: Deal) => void }) {
  const settings = useLostReasons();
  const close = useCloseLost(deal.id, onClosed);
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const required = settings.data?.required ?? false;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (required && !reason) {
      setError('Choose a reason');
      return;
    }
    setError(null);
    try {
      await close.mutateAsync({ reason: reason || undefined, note: note.trim() || undefined });
      toast.success('The deal was closed as lost');
    } catch (err) {
      // the Head may have made the reason required since the list was read
      const needsReason = err instanceof ApiRequestError && err.code === 'LOST_REASON_REQUIRED';
      if (needsReason) void settings.refetch();
      setError(needsReason ? 'Choose a reason' : errorMessage(err));
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
        data-testid="close-lost-reason"
      >
        <option value="">{required ? 'Choose a reason…' : 'No reason given'}</option>
        {(settings.data?.reasons ?? []).map((r) => (
          <option key={r} value={r}>
            {reasonLabel(r)}
          </option>
        ))}
      </SelectField>
      <TextAreaField label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} data-testid="close-lost-note" />
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" variant="danger" busy={close.isPending} disabled={settings.isPending} data-testid="close-lost-submit">
          Close as lost
        </Button>
      </div>
    </form>
  );
}
