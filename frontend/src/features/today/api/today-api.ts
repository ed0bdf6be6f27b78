import type { DismissTodayItemRequest, MissedCallSettings, Task, TodayList, UpdateMissedCallSettingsRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const todayApi = {
  get: (userId: string | undefined, signal?: AbortSignal) => api.get<TodayList>('/today', { userId }, signal),
  /** Takes an unclaimed call-back; 409 TASK_ALREADY_CLAIMED when a colleague was first. */
  claim: (taskId: string) => api.post<Task>(`/tasks/${taskId}/claim`),
  completeTask: (taskId: string) => api.post<Task>(`/tasks/${taskId}/complete`),
  /** Takes a row that is not a task off the caller's list for the rest of today. */
  dismiss: (body: DismissTodayItemRequest) => api.post<void>('/today/dismissals', body),
  missedCallSettings: (signal?: AbortSignal) => api.get<MissedCallSettings>('/settings/missed-calls', undefined, signal),
  saveMissedCallSettings: (body: UpdateMissedCallSettingsRequest) => api.put<MissedCallSettings>('/settings/missed-calls', body),
};
