import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateWebhookRequest, UpdateWebhookRequest } from '@callboard/contracts';
import { webhooksApi } from '../api/webhooks-api';

const key = ['webhooks'] as const;
const deliveriesKey = (id: string) => ['webhooks', id, 'deliveries'] as const;

export function useWebhooks() {
  return useQuery({ queryKey: key, queryFn: webhooksApi.list });
}

/** The delivery log, refreshed while it is open (attempts land in the background). */
export function useWebhookDeliveries(id: string) {
  return useQuery({ queryKey: deliveriesKey(id), queryFn: () => webhooksApi.deliveries(id), refetchInterval: 3000 });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (body: CreateWebhookRequest) => webhooksApi.create(body), onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}

export function useUpdateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateWebhookRequest }) => webhooksApi.update(id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useRemoveWebhook() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (id: string) => webhooksApi.remove(id), onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}

export function useRedeliver(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => webhooksApi.redeliver(id, deliveryId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deliveriesKey(id) }),
  });
}

export function usePing(id: string) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: () => webhooksApi.ping(id), onSuccess: () => queryClient.invalidateQueries({ queryKey: deliveriesKey(id) }) });
}
