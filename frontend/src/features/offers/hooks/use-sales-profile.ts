import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UpdateSalesProfileRequest } from '@callboard/contracts';
import { offersApi } from '../api/offers-api';

const key = (contactId: string) => ['sales-profile', contactId] as const;

export function useSalesProfile(contactId: string) {
  return useQuery({ queryKey: key(contactId), queryFn: () => offersApi.salesProfile(contactId) });
}

export function useUpdateSalesProfile(contactId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSalesProfileRequest) => offersApi.updateSalesProfile(contactId, body),
    onSuccess: (profile) => queryClient.setQueryData(key(contactId), profile),
  });
}
