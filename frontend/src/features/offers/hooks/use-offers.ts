import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangeOfferStatusRequest, CreateOfferRequest, UpdateOfferRequest } from '@callboard/contracts';
import { offersApi } from '../api/offers-api';

export const offerKeys = {
  offers: (dealId: string) => ['offers', dealId] as const,
  orders: (dealId: string) => ['orders', dealId] as const,
};

export function useDealOffers(dealId: string) {
  return useQuery({ queryKey: offerKeys.offers(dealId), queryFn: () => offersApi.list(dealId) });
}

export function useDealOrders(dealId: string) {
  return useQuery({ queryKey: offerKeys.orders(dealId), queryFn: () => offersApi.orders(dealId) });
}

/** Every offer mutation refreshes the deal's offers, orders and history (a rule may also move the deal). */
function useOfferMutation<V, R>(dealId: string, fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: offerKeys.offers(dealId) });
      void queryClient.invalidateQueries({ queryKey: offerKeys.orders(dealId) });
      void queryClient.invalidateQueries({ queryKey: ['deal', dealId, 'events'] });
      // a paid order makes the contact a customer
      void queryClient.invalidateQueries({ queryKey: ['sales-profile'] });
    },
  });
}

export const useCreateOffer = (dealId: string) => useOfferMutation(dealId, (body: CreateOfferRequest) => offersApi.create(body));
export const useUpdateOffer = (dealId: string) => useOfferMutation(dealId, ({ id, body }: { id: string; body: UpdateOfferRequest }) => offersApi.update(id, body));
export const useOfferStatus = (dealId: string) =>
  useOfferMutation(dealId, ({ id, body }: { id: string; body: ChangeOfferStatusRequest }) => offersApi.setStatus(id, body));
export const useReviseOffer = (dealId: string) => useOfferMutation(dealId, (id: string) => offersApi.revise(id));
export const useMarkOrderPaid = (dealId: string) => useOfferMutation(dealId, (id: string) => offersApi.markPaid(id));
