import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-client';
import { boardQueryOptions } from '@/features/board';
import { pipelinesApi } from '@/features/pipelines';
import { usersApi } from '@/features/users';

/**
 * With a stored token, what the board needs is asked for at once, beside /auth/me, instead of
 * after it: same keys and staleness as the hooks that read them, so nothing is fetched twice.
 * A refused token fails all of them alike and the app returns to the login page.
 */
export function prefetchFirstLoad(queryClient: QueryClient, location: { pathname: string; search: string }): void {
  void queryClient.prefetchQuery({ queryKey: queryKeys.pipelines, queryFn: pipelinesApi.list, staleTime: 60_000 });
  void queryClient.prefetchQuery({ queryKey: queryKeys.users, queryFn: usersApi.list, staleTime: 60_000 });
  if (location.pathname !== '/' && location.pathname !== '/board') return;
  const params = new URLSearchParams(location.search);
  // The owner filter is a Head's; a Seller's board ignores it (the role is not known yet).
  void queryClient.prefetchQuery(boardQueryOptions(params.get('pipeline') ?? undefined, params.get('owner') || undefined));
}
