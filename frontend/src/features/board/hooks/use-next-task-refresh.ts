import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-client';
import { listenSocket } from '@/lib/socket';

const SETTLE_MS = 300;

/**
 * A card's next task comes with the board; when a task changes (ours or anyone's the server
 * tells us about), the cached boards are re-read once the burst of events has settled.
 */
export function useNextTaskRefresh(pipelineId: string | undefined): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: queryKeys.boards }), SETTLE_MS);
    };
    const stop = listenSocket({ 'task.changed': refresh, 'task.removed': refresh });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [queryClient, pipelineId]);
}
