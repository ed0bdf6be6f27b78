import type { AcceptInboxDealRequest, CreateDealRequest, Deal, DealEvent, MergeInboxDealResult, UpdateDealRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const dealApi = {
  get: (id: string) => api.get<Deal>(`/deals/${id}`),
  create: (body: CreateDealRequest) => api.post<Deal>('/deals', body),
  update: (id: string, body: UpdateDealRequest) => api.patch<Deal>(`/deals/${id}`, body),
  remove: (id: string) => api.delete<unknown>(`/deals/${id}`),
  events: (id: string) => api.get<DealEvent[]>(`/deals/${id}/events`),
  /** The open deals of a contact the caller may see (a merge's choices). */
  openOfContact: (contactId: string) => api.get<{ items: Deal[] }>(`/deals?contactId=${encodeURIComponent(contactId)}&limit=50`).then((r) => r.items.filter((d) => d.status === 'open')),
  accept: (id: string, body: AcceptInboxDealRequest) => api.post<Deal>(`/deals/${id}/accept`, body),
  declineAsSpam: (id: string) => api.post<unknown>(`/deals/${id}/decline-spam`, {}),
  merge: (id: string, intoDealId: string) => api.post<MergeInboxDealResult>(`/deals/${id}/merge`, { intoDealId }),
};
