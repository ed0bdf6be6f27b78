import type { Activity, CloseLostRequest, CreateActivityRequest, Deal, LostReasonsSettings } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const activitiesApi = {
  list: (dealId: string) => api.get<Activity[]>(`/deals/${dealId}/activities`),
  create: (dealId: string, body: CreateActivityRequest) => api.post<Activity>(`/deals/${dealId}/activities`, body),
  closeLost: (dealId: string, body: CloseLostRequest) => api.post<Deal>(`/deals/${dealId}/close-lost`, body),
  lostReasons: () => api.get<LostReasonsSettings>('/settings/lost-reasons'),
  setLostReasons: (body: LostReasonsSettings) => api.put<LostReasonsSettings>('/settings/lost-reasons', body),
};
