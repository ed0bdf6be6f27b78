import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import type { Deal } from '@callboard/contracts';
import { Button, ConfirmDialog, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useDeleteDeal } from '../hooks/use-deal';
import { isolate } from '@/components/ui/bidi';

/** Heads only (the page shows it to them alone; the API refuses a Seller with 403). */
export function DeleteDealButton({ deal }: { deal: Deal }) {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const remove = useDeleteDeal(deal.id);
  const toast = useToast();
  const navigate = useNavigate();

  async function confirm() {
    try {
      await remove.mutateAsync();
      toast.success(intl.formatMessage({ id: 'deal.delete.done', defaultMessage: 'Deleted “{title}”' }, { title: isolate(deal.title) }));
      navigate('/board');
    } catch (e) {
      setOpen(false);
      toast.error(errorMessage(e));
    }
  }

  return (
    <>
      {/* quiet and apart from the outcomes: deleting is rare, Head-only, and cannot be undone */}
      <Button variant="ghost" size="sm" className="btn-delete" onClick={() => setOpen(true)} data-testid="deal-delete">
        <TrashIcon /> {intl.formatMessage({ id: 'deal.delete.button', defaultMessage: 'Delete deal' })}
      </Button>
      <ConfirmDialog
        open={open}
        title={intl.formatMessage({ id: 'deal.delete.title', defaultMessage: 'Delete this deal?' })}
        confirmLabel={intl.formatMessage({ id: 'deal.delete.confirm', defaultMessage: 'Delete deal' })}
        busy={remove.isPending}
        onConfirm={() => void confirm()}
        onClose={() => setOpen(false)}
      >
        <p>
          <FormattedMessage
            id="deal.delete.warning"
            defaultMessage="“{title}” and its history will be deleted. This cannot be undone."
            values={{ title: <bdi data-user-content>{deal.title}</bdi> }}
          />
        </p>
      </ConfirmDialog>
    </>
  );
}

function TrashIcon() {
  return (
    <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5">
      <path d="M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4" />
    </svg>
  );
}
