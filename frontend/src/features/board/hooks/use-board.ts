import { useCallback, useState } from 'react';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Board } from '@callboard/contracts';
import { errorMessage } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-client';
import { useToast } from '@/components/ui';
import { boardApi } from '../api/board-api';
import { appendDeals } from '../utils/board-order';
import { hasFilters, type BoardFilters } from '../utils/board-filters';

const PAGE = 50;

/**
 * The board with each column's first page. Without a pipeline id the server answers with the
 * default pipeline, so the first load need not wait for the pipeline list.
 */
export const boardQueryOptions = (pipelineId: string | undefined, ownerId: string | undefined, filters: BoardFilters = {}) =>
  queryOptions({
    queryKey: boardKey(pipelineId, ownerId, filters),
    queryFn: ({ signal }) => boardApi.board({ pipelineId, ownerId, limit: PAGE, ...filters }, signal),
  });

/** An unfiltered board keeps the plain key (the first-load prefetch uses it); a filtered one adds its filters. */
function boardKey(pipelineId: string | undefined, ownerId: string | undefined, filters: BoardFilters) {
  const key = queryKeys.board(pipelineId, ownerId);
  return hasFilters(filters) ? ([...key, filters] as const) : key;
}

export function useBoard(pipelineId: string | undefined, ownerId: string | undefined, filters: BoardFilters = {}) {
  return useQuery(boardQueryOptions(pipelineId, ownerId, filters));
}

/** "Load more" for one column: fetches the next page and appends it to the cached board. */
export function useLoadMore(pipelineId: string | undefined, ownerId: string | undefined, filters: BoardFilters = {}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [loading, setLoading] = useState<string | null>(null);

  const loadMore = useCallback(
    async (stageId: string, cursor: string) => {
      setLoading(stageId);
      try {
        const page = await boardApi.deals({ stageId, pipelineId, ownerId, cursor, limit: PAGE, ...filters });
        queryClient.setQueryData<Board>(boardKey(pipelineId, ownerId, filters), (b) =>
          b ? appendDeals(b, stageId, page.items, page.nextCursor) : b,
        );
      } catch (e) {
        toast.error(errorMessage(e));
      } finally {
        setLoading(null);
      }
    },
    [queryClient, toast, pipelineId, ownerId, filters],
  );

  return { loadMore, loadingStageId: loading };
}
