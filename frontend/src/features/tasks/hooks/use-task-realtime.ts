import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Task, TaskRemovedPayload } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import { applyTaskChange, taskKeys } from './use-tasks';

/**
 * Keeps tasks, badges and the today list live from the server's `task.changed` / `task.removed`
 * (sent to the assignee and the Heads). Malformed payloads are dropped; after a reconnect
 * everything task-shaped is re-read, since events sent while offline are lost.
 */
export function useTaskRealtime(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let connectedBefore = false;
    return listenSocket({
      connect: () => {
        if (connectedBefore) {
          void queryClient.invalidateQueries({ queryKey: taskKeys.all });
          void queryClient.invalidateQueries({ queryKey: ['today'] });
        }
        connectedBefore = true;
      },
      'task.changed': (payload: unknown) => {
        const parsed = Task.safeParse(payload);
        if (parsed.success) applyTaskChange(queryClient, { task: parsed.data });
        else console.warn('Dropped a malformed task.changed event', parsed.error.issues);
      },
      'task.removed': (payload: unknown) => {
        const parsed = TaskRemovedPayload.safeParse(payload);
        if (parsed.success) applyTaskChange(queryClient, { removed: parsed.data });
        else console.warn('Dropped a malformed task.removed event', parsed.error.issues);
      },
    });
  }, [queryClient]);
}
