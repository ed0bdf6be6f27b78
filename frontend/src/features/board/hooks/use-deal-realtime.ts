import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Deal, DealMovedPayload, DealRemovedPayload } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { connectSocket } from '@/lib/socket';
import { forgetDeal, syncDeal } from './deal-cache';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * Keeps the query cache live from the server's deal events. Payloads are validated with the
 * contracts; anything malformed is dropped. After a reconnect the boards are re-fetched, since
 * events sent while offline are lost.
 */
export function useDealRealtime(token: string | null): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (!token) return;
    const socket = connectSocket(token);
    let connectedBefore = false;

    socket.on('connect', () => {
      setStatus('live');
      if (connectedBefore) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.boards });
        void queryClient.invalidateQueries({ queryKey: ['deal'] });
      }
      connectedBefore = true;
    });
    socket.on('disconnect', () => setStatus('offline'));
    // A refusal by the server's middleware is not retried by socket.io itself; retry slowly
    // (an expired session ends anyway on the next API call's 401).
    let retry: number | undefined;
    socket.on('connect_error', () => {
      setStatus('offline');
      if (!socket.active) retry = window.setTimeout(() => socket.connect(), 5000);
    });

    const upsert = (payload: unknown) => {
      const parsed = Deal.safeParse(payload);
      if (parsed.success) syncDeal(queryClient, parsed.data);
      else console.warn('Dropped a malformed deal event', parsed.error.issues);
    };
    socket.on('deal.created', upsert);
    socket.on('deal.updated', upsert);
    socket.on('deal.moved', (payload: unknown) => {
      const parsed = DealMovedPayload.safeParse(payload);
      if (parsed.success) syncDeal(queryClient, parsed.data.deal, { fromStageId: parsed.data.fromStageId });
      else console.warn('Dropped a malformed deal.moved event', parsed.error.issues);
    });
    socket.on('deal.removed', (payload: unknown) => {
      const parsed = DealRemovedPayload.safeParse(payload);
      if (parsed.success) forgetDeal(queryClient, parsed.data.id);
    });

    return () => {
      window.clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [token, queryClient]);

  return token ? status : 'offline';
}
