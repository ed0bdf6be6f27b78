import { useIntl } from 'react-intl';
import type { Deal } from '@callboard/contracts';
import { Button, useToast } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { useUpdateDeal } from '../hooks/use-deal';
import { isolate } from '@/components/ui/bidi';

/** A Seller takes an unowned deal (PATCH ownerId = themselves; the backend allows only that). */
export function TakeDealButton({ deal, userId }: { deal: Deal; userId: string }) {
  const intl = useIntl();
  const take = useUpdateDeal(deal.id);
  const toast = useToast();

  async function click() {
    try {
      await take.mutateAsync({ ownerId: userId });
      toast.success(intl.formatMessage({ id: 'deal.take.done', defaultMessage: '“{title}” is yours now' }, { title: isolate(deal.title) }));
    } catch (e) {
      // another Seller took it first: it is no longer visible to this one
      toast.error(
        e instanceof ApiRequestError && e.statusCode === 404
          ? intl.formatMessage({ id: 'deal.take.tooLate', defaultMessage: 'Someone else took this deal first.' })
          : errorMessage(e),
      );
    }
  }

  return (
    <Button variant="primary" busy={take.isPending} onClick={() => void click()} data-testid="deal-take">
      {intl.formatMessage({ id: 'deal.take.button', defaultMessage: 'Take it' })}
    </Button>
  );
}
