import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDealRequest, Deal, UpdateDealRequest } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { forgetDeal, syncDeal } from '@/features/board';
import { dealApi } from '../api/deal-api';

export function useDeal(id: string) {
  return useQuery({ queryKey: queryKeys.deal(id), queryFn: () => dealApi.get(id) });
}

export function useDealEvents(id: string) {
  return useQuery({ queryKey: queryKeys.dealEvents(id), queryFn: () => dealApi.events(id) });
}

export function useCreateDeal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDealRequest) => dealApi.create(body),
    onSuccess: (deal: Deal) => syncDeal(queryClient, deal),
  });
}

export function useUpdateDeal(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDealRequest) => dealApi.update(id, body),
    onSuccess: (deal: Deal) => {
      queryClient.setQueryData(queryKeys.deal(deal.id), deal);
      syncDeal(queryClient, deal);
    },
  });
}

export function useDeleteDeal(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dealApi.remove(id),
    onSuccess: () => {
      forgetDeal(queryClient, id, false);
      // the page navigates away; drop the cached copy without re-fetching a deal that is gone
      window.setTimeout(() => queryClient.removeQueries({ queryKey: queryKeys.deal(id) }), 0);
    },
  });
}
