import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { SaveWrapUpRequest, WrapUp, WrapUpOutcomesSettings } from '@callboard/contracts';
import { wrapUpsApi } from '../api/wrap-ups-api';

export const wrapUpKeys = {
  pending: ['wrap-ups', 'pending'] as const,
  outcomes: ['settings', 'wrap-up-outcomes'] as const,
};

/** The signed-in rep's pending wrap-ups; kept current by the socket (see `applyWrapUp`). */
export function usePendingWrapUps() {
  return useQuery({ queryKey: wrapUpKeys.pending, queryFn: ({ signal }) => wrapUpsApi.pending(signal), staleTime: 60_000 });
}

export function useWrapUpOutcomes() {
  return useQuery({ queryKey: wrapUpKeys.outcomes, queryFn: ({ signal }) => wrapUpsApi.outcomes(signal), staleTime: 60_000 });
}

export function useSaveWrapUpOutcomes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: WrapUpOutcomesSettings) => wrapUpsApi.saveOutcomes(body),
    onSuccess: (saved) => queryClient.setQueryData(wrapUpKeys.outcomes, saved),
  });
}

/** One path for the pending list: a wrap-up owed goes in, a done or dismissed one goes out. */
export function applyWrapUp(queryClient: QueryClient, wrapUp: WrapUp): void {
  queryClient.setQueryData<WrapUp[]>(wrapUpKeys.pending, (list) => {
    if (!list) return list;
    const rest = list.filter((w) => w.id !== wrapUp.id);
    return wrapUp.status === 'pending' ? [wrapUp, ...rest] : rest;
  });
  void queryClient.invalidateQueries({ queryKey: ['today'] });
}

export function removeWrapUp(queryClient: QueryClient, id: string): void {
  queryClient.setQueryData<WrapUp[]>(wrapUpKeys.pending, (list) => list?.filter((w) => w.id !== id));
  void queryClient.invalidateQueries({ queryKey: ['today'] });
}

export function useSaveWrapUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: SaveWrapUpRequest }) => wrapUpsApi.save(id, body),
    onSuccess: (saved) => {
      applyWrapUp(queryClient, saved);
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export function useDismissWrapUp() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (id: string) => wrapUpsApi.dismiss(id), onSuccess: (w) => applyWrapUp(queryClient, w) });
}
