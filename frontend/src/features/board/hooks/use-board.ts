import { useCallback, useState } from 'react';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Board } from '@callboard/contracts';
import { errorMessage } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-client';
import { useToast } from '@/components/ui';
import { boardApi } from '../api/board-api';
import { appendDeals } from '../utils/board-order';

const PAGE = 50;

/**
 * The board with each column's first page. Without a pipeline id the server answers with the
 * default pipeline, so the first load need not wait for the pipeline list.
 */
export const boardQueryOptions = (pipelineId: string | undefined, ownerId: string | undefined) =>
  queryOptions({
    queryKey: queryKeys.board(pipelineId, ownerId),
    queryFn: ({ signal }) => boardApi.board({ pipelineId, ownerId, limit: PAGE }, signal),
  });

export function useBoard(pipelineId: string | undefined, ownerId: string | undefined) {
  return useQuery(boardQueryOptions(pipelineId, ownerId));
}

/** "Load more" for one column: fetches the next page and appends it to the cached board. */
export function useLoadMore(pipelineId: string | undefined, ownerId: string | undefined) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [loading, setLoading] = useState<string | null>(null);

  const loadMore = useCallback(
    async (stageId: string, cursor: string) => {
      setLoading(stageId);
      try {
        const page = await boardApi.deals({ stageId, pipelineId, ownerId, cursor, limit: PAGE });
        queryClient.setQueryData<Board>(queryKeys.board(pipelineId, ownerId), (b) =>
          b ? appendDeals(b, stageId, page.items, page.nextCursor) : b,
        );
      } catch (e) {
        toast.error(errorMessage(e));
      } finally {
        setLoading(null);
      }
    },
    [queryClient, toast, pipelineId, ownerId],
  );

  return { loadMore, loadingStageId: loading };
}
