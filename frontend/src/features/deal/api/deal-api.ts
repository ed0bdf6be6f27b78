import type { CreateDealRequest, Deal, DealEvent, UpdateDealRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const dealApi = {
  get: (id: string) => api.get<Deal>(`/deals/${id}`),
  create: (body: CreateDealRequest) => api.post<Deal>('/deals', body),
  update: (id: string, body: UpdateDealRequest) => api.patch<Deal>(`/deals/${id}`, body),
  remove: (id: string) => api.delete<unknown>(`/deals/${id}`),
  events: (id: string) => api.get<DealEvent[]>(`/deals/${id}/events`),
};
