import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UpdateMissedCallSettingsRequest } from '@callboard/contracts';
import { taskKeys } from '@/features/tasks';
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

/** Claims an unclaimed call-back; win or lose (409), the lists are read again. */
export function useClaimCallBack() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => todayApi.claim(taskId),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['today'] });
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
}

const settingsKey = ['settings', 'missed-calls'] as const;

export function useMissedCallSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => todayApi.missedCallSettings(signal) });
}

export function useSaveMissedCallSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMissedCallSettingsRequest) => todayApi.saveMissedCallSettings(body),
    onSuccess: (settings) => queryClient.setQueryData(settingsKey, settings),
  });
}
