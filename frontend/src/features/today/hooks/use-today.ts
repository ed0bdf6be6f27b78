import { useIntl } from 'react-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TodayItem, TodayList, UpdateMissedCallSettingsRequest } from '@callboard/contracts';
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

/**
 * The row's done box: a task is completed, any other row is cleared from the caller's list for
 * today. The row leaves at once and comes back if the server refuses.
 */
export function useTodayDone(userId: string | undefined) {
  const intl = useIntl();
  const queryClient = useQueryClient();
  const key = ['today', userId ?? 'me'] as const;
  return useMutation({
    mutationFn: async (item: TodayItem): Promise<void> => {
      if (item.taskId) await todayApi.completeTask(item.taskId);
      else if (item.dealId && (item.kind === 'new_lead' || item.kind === 'unanswered_yesterday')) await todayApi.dismiss({ kind: item.kind, dealId: item.dealId });
      // the toast shows this after "Could not mark … done:"
      else throw new Error(intl.formatMessage({ id: 'today.row.cannotBeDone', defaultMessage: 'This row cannot be marked done' }));
    },
    onMutate: async (item) => {
      await queryClient.cancelQueries({ queryKey: key });
      const before = queryClient.getQueryData<TodayList>(key);
      if (before) queryClient.setQueryData<TodayList>(key, { ...before, items: before.items.filter((i) => i !== item && !sameRow(i, item)) });
      return { before };
    },
    onError: (_e, _item, context) => {
      if (context?.before) queryClient.setQueryData(key, context.before);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['today'] });
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
}

export function sameRow(a: TodayItem, b: TodayItem): boolean {
  return a.kind === b.kind && a.taskId === b.taskId && a.dealId === b.dealId;
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
