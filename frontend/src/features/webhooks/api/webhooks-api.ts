import type { CreatedWebhook, CreateWebhookRequest, UpdateWebhookRequest, Webhook, WebhookDelivery, WebhookDeliveryQueued } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const webhooksApi = {
  list: () => api.get<Webhook[]>('/webhooks'),
  create: (body: CreateWebhookRequest) => api.post<CreatedWebhook>('/webhooks', body),
  update: (id: string, body: UpdateWebhookRequest) => api.patch<Webhook>(`/webhooks/${id}`, body),
  remove: (id: string) => api.delete<void>(`/webhooks/${id}`),
  deliveries: (id: string) => api.get<WebhookDelivery[]>(`/webhooks/${id}/deliveries`),
  redeliver: (id: string, deliveryId: string) => api.post<WebhookDeliveryQueued>(`/webhooks/${id}/deliveries/${deliveryId}/redeliver`, {}),
  ping: (id: string) => api.post<WebhookDeliveryQueued>(`/webhooks/${id}/ping`, {}),
};
