import type { Notification } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const notificationsApi = {
  list: (signal?: AbortSignal) => api.get<Notification[]>('/notifications', { limit: 30 }, signal),
  read: (id: string) => api.post<Notification>(`/notifications/${id}/read`),
};
