import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Deal } from '@callboard/contracts';
import { Button, Dialog, useToast } from '@/components/ui';
import { useCloseLost } from '../hooks/use-activities';
import { LostReasonForm } from './lost-reason-form';

/** Close an open deal as lost, with a reason from the Head's list (required when the Head says so). */
export function CloseLostButton({ deal, onClosed }: { deal: Deal; onClosed: (deal: Deal) => void }) {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const close = useCloseLost(deal.id, (d) => {
    setOpen(false);
    onClosed(d);
  });
  if (deal.status !== 'open') return null;
  const title = intl.formatMessage({ id: 'activities.closeLost.title', defaultMessage: 'Close as lost' });
  return (
    <>
      {/* an outcome, not a destructive act: outlined, unlike the Head's red Delete */}
      <Button className="btn-outcome btn-lost" onClick={() => setOpen(true)} data-testid="close-lost">
        <span aria-hidden="true">✕ </span>
        {intl.formatMessage({ id: 'activities.closeLost.button', defaultMessage: 'Lost' })}
      </Button>
      <Dialog open={open} title={title} onClose={() => setOpen(false)} width="sm" testId="close-lost-dialog">
        {open && (
          <LostReasonForm
            submitLabel={intl.formatMessage({ id: 'activities.closeLost.submit', defaultMessage: 'Close as lost' })}
            withNote
            onSubmit={async (answer) => {
              await close.mutateAsync(answer);
              toast.success(intl.formatMessage({ id: 'activities.closeLost.done', defaultMessage: 'The deal was closed as lost' }));
            }}
          />
        )}
      </Dialog>
    </>
  );
}

/**
 * The same question when a person moves a deal into a lost stage (a drop on the board, the stage
 * select): `onSubmit` makes the move with the reason; cancelling leaves the deal where it was.
 */
export function LostReasonDialog({
  open,
  stageName,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  stageName: string;
  onSubmit: (answer: { reason?: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const stage = <bdi data-user-content>{stageName}</bdi>;
  return (
    <Dialog
      open={open}
      title={<FormattedMessage id="activities.lostMove.title" defaultMessage="Move to {stage}: why was it lost?" values={{ stage }} />}
      onClose={onCancel}
      width="sm"
      testId="close-lost-dialog"
    >
      {open && (
        <LostReasonForm
          submitLabel={<FormattedMessage id="activities.lostMove.submit" defaultMessage="Move to {stage}" values={{ stage }} />}
          onSubmit={onSubmit}
          onCancel={onCancel}
        />
      )}
    </Dialog>
  );
}
