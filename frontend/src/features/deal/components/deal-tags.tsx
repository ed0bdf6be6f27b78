import { useIntl } from 'react-intl';
import type { Deal } from '@callboard/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '@/lib/api-client';
import { TAGS_KEY, TagEditor } from '@/features/tags';
import { useUpdateDeal } from '../hooks/use-deal';

/** The deal's tags, edited in place (the server checks the same rules and who may edit). */
export function DealTags({ deal }: { deal: Deal }) {
  const intl = useIntl();
  const update = useUpdateDeal(deal.id);
  const queryClient = useQueryClient();
  const save = async (tags: string[]) => {
    try {
      await update.mutateAsync({ tags });
    } catch (e) {
      throw new Error(errorMessage(e));
    }
    void queryClient.invalidateQueries({ queryKey: TAGS_KEY });
  };
  return (
    <div className="deal-tags" role="group" aria-label={intl.formatMessage({ id: 'deal.tags.label', defaultMessage: 'Tags of this deal' })}>
      <TagEditor tags={deal.tags ?? []} onChange={save} busy={update.isPending} />
    </div>
  );
}
