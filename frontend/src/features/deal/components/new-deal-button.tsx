import { useState } from 'react';
import type { Pipeline } from '@callboard/contracts';
import { Button, Dialog, useToast } from '@/components/ui';
import { NewDealForm } from './new-deal-form';

export function NewDealButton({ pipeline }: { pipeline: Pipeline | undefined }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} disabled={!pipeline} data-testid="new-deal-button">
        New deal
      </Button>
      <Dialog open={open} title="New deal" onClose={() => setOpen(false)} testId="new-deal-dialog">
        {open && pipeline && (
          <NewDealForm
            pipeline={pipeline}
            onCancel={() => setOpen(false)}
            onCreated={(deal) => {
              setOpen(false);
              toast.success(`Created “${deal.title}”`);
            }}
          />
        )}
      </Dialog>
    </>
  );
}
