import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { Pipeline } from '@callboard/contracts';
import { Button, Dialog, useToast } from '@/components/ui';
import { isolate } from '@/components/ui/bidi';
import { NewDealForm } from './new-deal-form';

export function NewDealButton({ pipeline }: { pipeline: Pipeline | undefined }) {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const toast = useToast();
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)} disabled={!pipeline} data-testid="new-deal-button">
        {intl.formatMessage({ id: 'deal.new.button', defaultMessage: 'New deal' })}
      </Button>
      <Dialog open={open} title={intl.formatMessage({ id: 'deal.new.title', defaultMessage: 'New deal' })} onClose={() => setOpen(false)} testId="new-deal-dialog">
        {open && pipeline && (
          <NewDealForm
            pipeline={pipeline}
            onCancel={() => setOpen(false)}
            onCreated={(deal) => {
              setOpen(false);
              toast.success(intl.formatMessage({ id: 'deal.new.created', defaultMessage: 'Created “{title}”' }, { title: isolate(deal.title) }));
            }}
          />
        )}
      </Dialog>
    </>
  );
}
