import type { CreateTaskRequest, Task, TaskBadge, UpdateTaskRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export interface TaskQuery {
  dealId?: string;
  contactId?: string;
  assigneeId?: string;
  status?: 'open' | 'done';
  due?: 'today' | 'overdue' | 'upcoming';
  limit?: number;
}

export const tasksApi = {
  list: (q: TaskQuery) => api.get<Task[]>('/tasks', { ...q }),
  badges: (pipelineId: string | undefined, signal?: AbortSignal) => api.get<TaskBadge[]>('/tasks/badges', { pipelineId }, signal),
  create: (body: CreateTaskRequest) => api.post<Task>('/tasks', body),
  update: (id: string, body: UpdateTaskRequest) => api.patch<Task>(`/tasks/${id}`, body),
  complete: (id: string) => api.post<Task>(`/tasks/${id}/complete`),
  reopen: (id: string) => api.post<Task>(`/tasks/${id}/reopen`),
  remove: (id: string) => api.delete<void>(`/tasks/${id}`),
};
