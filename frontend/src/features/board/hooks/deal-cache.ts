import type { QueryClient } from '@tanstack/react-query';
import type { Board, Deal } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { removeDeal, upsertDeal, type BoardScope, type UpsertOptions } from '../utils/board-order';
import type { BoardFilters } from '../utils/board-filters';

// Every cached copy of a deal is updated through these two functions: socket events, mutation
// results and optimistic moves all go the same way.

function scopeOfKey(key: readonly unknown[], board: Board): BoardScope {
  const owner = key[2];
  // a filtered board's key carries its filters (see boardQueryOptions)
  const filters = key[3] && typeof key[3] === 'object' ? (key[3] as BoardFilters) : undefined;
  return { pipelineId: board.pipelineId, ownerId: typeof owner === 'string' && owner !== 'all' ? owner : undefined, filters };
}

function newer(incoming: Deal, cached: Deal | undefined): boolean {
  if (!cached) return true;
  return Date.parse(incoming.updatedAt) >= Date.parse(cached.updatedAt);
}

/** Put a deal into every cached board and its detail entry (unless the cache holds a newer copy). */
export function syncDeal(queryClient: QueryClient, deal: Deal, opts: UpsertOptions = {}): void {
  for (const [key, board] of queryClient.getQueriesData<Board>({ queryKey: queryKeys.boards })) {
    if (!board) continue;
    const next = upsertDeal(board, deal, scopeOfKey(key, board), opts);
    if (next !== board) queryClient.setQueryData(key, next);
  }
  const detailKey = queryKeys.deal(deal.id);
  const cached = queryClient.getQueryData<Deal>(detailKey);
  if (cached && (opts.force || newer(deal, cached))) queryClient.setQueryData(detailKey, deal);
  if (cached) void queryClient.invalidateQueries({ queryKey: queryKeys.dealEvents(deal.id) });
}

/**
 * Drop a deal from every cached board; a board that cannot tell where it was is re-fetched.
 * An open deal page re-fetches too (and says the deal is gone) unless `refreshDetail` is false.
 */
export function forgetDeal(queryClient: QueryClient, id: string, refreshDetail = true): void {
  for (const [key, board] of queryClient.getQueriesData<Board>({ queryKey: queryKeys.boards })) {
    if (!board) continue;
    const next = removeDeal(board, id);
    if (next !== board) queryClient.setQueryData(key, next);
    else if (board.columns.some((c) => c.nextCursor !== null)) void queryClient.invalidateQueries({ queryKey: key, exact: true });
  }
  if (refreshDetail) void queryClient.invalidateQueries({ queryKey: queryKeys.deal(id) });
}
