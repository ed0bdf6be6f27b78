import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AcceptInboxDealRequest, CreateDealRequest, Deal, MergeInboxDealResult, UpdateDealRequest } from '@callboard/contracts';
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

/** The Unsorted inbox's actions (issue 17): accept to New, decline as spam, merge into a deal of the same contact. */
export function useAcceptDeal(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptInboxDealRequest) => dealApi.accept(id, body),
    onSuccess: (deal: Deal) => {
      queryClient.setQueryData(queryKeys.deal(deal.id), deal);
      syncDeal(queryClient, deal);
    },
  });
}

export function useDeclineAsSpam(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dealApi.declineAsSpam(id),
    onSuccess: () => {
      forgetDeal(queryClient, id, false);
      void queryClient.invalidateQueries({ queryKey: ['inbox', 'declined'] });
      window.setTimeout(() => queryClient.removeQueries({ queryKey: queryKeys.deal(id) }), 0);
    },
  });
}

export function useMergeDeal(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (intoDealId: string) => dealApi.merge(id, intoDealId),
    onSuccess: (result: MergeInboxDealResult) => {
      forgetDeal(queryClient, id, false);
      queryClient.setQueryData(queryKeys.deal(result.deal.id), result.deal);
      syncDeal(queryClient, result.deal);
      void queryClient.invalidateQueries({ queryKey: queryKeys.dealEvents(result.deal.id) });
      window.setTimeout(() => queryClient.removeQueries({ queryKey: queryKeys.deal(id) }), 0);
    },
  });
}

export function useOpenDealsOfContact(contactId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['deals', 'of-contact', contactId],
    queryFn: () => dealApi.openOfContact(contactId!),
    enabled: enabled && contactId !== null,
  });
}
