import type { RoutingSettings } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const routingApi = {
  get: (signal?: AbortSignal) => api.get<RoutingSettings>('/telephony/settings', undefined, signal),
  save: (body: RoutingSettings) => api.put<RoutingSettings>('/telephony/settings', body),
};
