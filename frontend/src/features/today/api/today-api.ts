import type { TodayList } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const todayApi = {
  get: (userId: string | undefined, signal?: AbortSignal) => api.get<TodayList>('/today', { userId }, signal),
};
