import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CreateTaskRequest, Task, UpdateTaskRequest } from '@callboard/contracts';
import { tasksApi } from '../api/tasks-api';

export const taskKeys = {
  all: ['tasks'] as const,
  ofDeal: (dealId: string) => ['tasks', 'deal', dealId] as const,
  ofContact: (contactId: string) => ['tasks', 'contact', contactId] as const,
  badges: (pipelineId: string | undefined) => ['tasks', 'badges', pipelineId ?? 'default'] as const,
};

export function useDealTasks(dealId: string) {
  return useQuery({ queryKey: taskKeys.ofDeal(dealId), queryFn: () => tasksApi.list({ dealId, limit: 200 }) });
}

/** Overdue / due-today counts per deal, for the board's cards. Refreshed every minute (the clock moves on). */
// One request per pipeline however many cards ask; each card reads its own entry from the map.
export function useTaskBadges(pipelineId: string | undefined) {
  return useQuery({
    queryKey: taskKeys.badges(pipelineId),
    queryFn: async ({ signal }) => new Map((await tasksApi.badges(pipelineId, signal)).map((b) => [b.dealId, b] as const)),
    refetchInterval: 60_000,
    staleTime: 15_000,
  });
}

export function useTaskBadge(pipelineId: string | undefined, dealId: string) {
  return useTaskBadges(pipelineId).data?.get(dealId);
}

/**
 * A task changed or went away (our own answer, or the socket): the deal's list shows it at once (no
 * flicker back while it is re-read); every task list, badge and today list is re-read; the deal's
 * history has a new entry.
 */
export function applyTaskChange(queryClient: QueryClient, change: { task: Task } | { removed: { id: string; dealId: string | null } }) {
  const { id, dealId } = 'task' in change ? change.task : change.removed;
  if (dealId) {
    queryClient.setQueryData<Task[]>(taskKeys.ofDeal(dealId), (list) => {
      if (!list || !('task' in change)) return list?.filter((t) => t.id !== id);
      return list.some((t) => t.id === id) ? list.map((t) => (t.id === id ? change.task : t)) : [...list, change.task];
    });
  }
  void queryClient.invalidateQueries({ queryKey: taskKeys.all });
  void queryClient.invalidateQueries({ queryKey: ['today'] });
  if (dealId) void queryClient.invalidateQueries({ queryKey: ['deal', dealId, 'events'] });
}

const refresh = (queryClient: QueryClient, task: Task) => applyTaskChange(queryClient, { task });

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (body: CreateTaskRequest) => tasksApi.create(body), onSuccess: (t) => refresh(queryClient, t) });
}

export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTaskRequest }) => tasksApi.update(id, body),
    onSuccess: (t) => refresh(queryClient, t),
  });
}

export function useSetTaskDone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, done }: { id: string; done: boolean }) => (done ? tasksApi.complete(id) : tasksApi.reopen(id)),
    onSuccess: (t) => refresh(queryClient, t),
  });
}

export function useDeleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (task: Task) => tasksApi.remove(task.id),
    onSuccess: (_, task) => applyTaskChange(queryClient, { removed: task }),
  });
}
