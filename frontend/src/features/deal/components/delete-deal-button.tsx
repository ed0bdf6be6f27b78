import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Deal } from '@callboard/contracts';
import { Button, ConfirmDialog, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useDeleteDeal } from '../hooks/use-deal';

export function DeleteDealButton({ deal }: { deal: Deal }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteDeal(deal.id);
  const toast = useToast();
  const navigate = useNavigate();

  async function confirm() {
    try {
      await remove.mutateAsync();
      toast.success(`Deleted “${deal.title}”`);
      navigate('/board');
    } catch (e) {
      setOpen(false);
      toast.error(errorMessage(e));
    }
  }

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)} data-testid="deal-delete">
        Delete
      </Button>
      <ConfirmDialog open={open} title="Delete this deal?" confirmLabel="Delete deal" busy={remove.isPending} onConfirm={() => void confirm()} onClose={() => setOpen(false)}>
        <p>
          “{deal.title}” and its history will be deleted. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
