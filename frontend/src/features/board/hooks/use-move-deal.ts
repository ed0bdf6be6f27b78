import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Board, Deal } from '@callboard/contracts';
import { errorMessage } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-client';
import { useToast } from '@/components/ui';
import { boardApi } from '../api/board-api';
import { findDeal } from '../utils/board-order';
import { syncDeal } from './deal-cache';

/**
 * Moves a deal optimistically: the card jumps at once, the server is asked, and on refusal the
 * card goes back and a toast shows the server's message.
 */
export function useMoveDeal() {
  const queryClient = useQueryClient();
  const toast = useToast();

  return useCallback(
    async (dealId: string, stageId: string, position?: number): Promise<Deal | null> => {
      const original = findCachedDeal(queryClient, dealId);
      if (original && position !== undefined) {
        syncDeal(queryClient, { ...original, stageId, position }, { force: true });
      }
      try {
        const saved = await boardApi.move(dealId, position === undefined ? { stageId } : { stageId, position });
        syncDeal(queryClient, saved);
        return saved;
      } catch (e) {
        if (original) syncDeal(queryClient, original, { force: true });
        void queryClient.invalidateQueries({ queryKey: queryKeys.boards });
        toast.error(errorMessage(e));
        return null;
      }
    },
    [queryClient, toast],
  );
}

function findCachedDeal(queryClient: ReturnType<typeof useQueryClient>, id: string): Deal | undefined {
  const detail = queryClient.getQueryData<Deal>(queryKeys.deal(id));
  if (detail) return detail;
  for (const [, board] of queryClient.getQueriesData<Board>({ queryKey: queryKeys.boards })) {
    const found = board && findDeal(board, id);
    if (found) return found.deal;
  }
  return undefined;
}
