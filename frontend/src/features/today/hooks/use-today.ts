import { useQuery } from '@tanstack/react-query';
import { todayApi } from '../api/today-api';

/** The list as the server orders it; refreshed every minute, since tasks fall due as time passes. */
export function useToday(userId: string | undefined) {
  return useQuery({
    queryKey: ['today', userId ?? 'me'] as const,
    queryFn: ({ signal }) => todayApi.get(userId, signal),
    refetchInterval: 60_000,
    staleTime: 10_000,
  });
}
