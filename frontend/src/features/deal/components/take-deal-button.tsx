import type { Deal } from '@callboard/contracts';
import { Button, useToast } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { useUpdateDeal } from '../hooks/use-deal';

/** A Seller takes an unowned deal (PATCH ownerId = themselves; the backend allows only that). */
export function TakeDealButton({ deal, userId }: { deal: Deal; userId: string }) {
  const take = useUpdateDeal(deal.id);
  const toast = useToast();

  async function click() {
    try {
      await take.mutateAsync({ ownerId: userId });
      toast.success(`“${deal.title}” is yours now`);
    } catch (e) {
      // another Seller took it first: it is no longer visible to this one
      toast.error(e instanceof ApiRequestError && e.statusCode === 404 ? 'Someone else took this deal first.' : errorMessage(e));
    }
  }

  return (
    <Button variant="primary" busy={take.isPending} onClick={() => void click()} data-testid="deal-take">
      Take it
    </Button>
  );
}
