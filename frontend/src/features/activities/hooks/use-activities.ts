import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CloseLostRequest, CreateActivityRequest, Deal, LostReasonsSettings } from '@callboard/contracts';
import { activitiesApi } from '../api/activities-api';

const keys = {
  ofDeal: (dealId: string) => ['activities', dealId] as const,
  lostReasons: ['settings', 'lost-reasons'] as const,
};

export function useDealActivities(dealId: string) {
  return useQuery({ queryKey: keys.ofDeal(dealId), queryFn: () => activitiesApi.list(dealId) });
}

export function useLogActivity(dealId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateActivityRequest) => activitiesApi.create(dealId, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.ofDeal(dealId) });
      void queryClient.invalidateQueries({ queryKey: ['deal', dealId, 'events'] });
    },
  });
}

export function useLostReasons() {
  return useQuery({ queryKey: keys.lostReasons, queryFn: activitiesApi.lostReasons, staleTime: 60_000 });
}

export function useSaveLostReasons() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LostReasonsSettings) => activitiesApi.setLostReasons(body),
    onSuccess: (saved) => queryClient.setQueryData(keys.lostReasons, saved),
  });
}

/** The deal comes back closed; `onClosed` puts it into the caches (the board's own sync). */
export function useCloseLost(dealId: string, onClosed: (deal: Deal) => void) {
  return useMutation({ mutationFn: (body: CloseLostRequest) => activitiesApi.closeLost(dealId, body), onSuccess: onClosed });
}
