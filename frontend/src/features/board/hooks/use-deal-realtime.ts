import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Deal, DealMovedPayload, DealRemovedPayload } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { DECLINED_LEADS_KEY } from '../api/board-api';
import { listenSocket } from '@/lib/socket';
import { forgetDeal, syncDeal } from './deal-cache';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * Keeps the query cache live from the server's deal events (on the tab's shared socket). Payloads
 * are validated with the contracts; anything malformed is dropped. After a reconnect the boards are
 * re-fetched, since events sent while offline are lost.
 */
export function useDealRealtime(token: string | null): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (!token) return;
    let connectedBefore = false;
    const upsert = (payload: unknown) => {
      const parsed = Deal.safeParse(payload);
      if (parsed.success) syncDeal(queryClient, parsed.data);
      else console.warn('Dropped a malformed deal event', parsed.error.issues);
    };
    return listenSocket({
      connect: () => {
        setStatus('live');
        if (connectedBefore) {
          void queryClient.invalidateQueries({ queryKey: queryKeys.boards });
          void queryClient.invalidateQueries({ queryKey: ['deal'] });
        }
        connectedBefore = true;
      },
      disconnect: () => setStatus('offline'),
      // a refusal is retried by the shared socket; an expired session ends on the next API call's 401
      connect_error: () => setStatus('offline'),
      'deal.created': upsert,
      'deal.updated': upsert,
      'deal.moved': (payload: unknown) => {
        const parsed = DealMovedPayload.safeParse(payload);
        if (parsed.success) syncDeal(queryClient, parsed.data.deal, { fromStageId: parsed.data.fromStageId });
        else console.warn('Dropped a malformed deal.moved event', parsed.error.issues);
      },
      'deal.removed': (payload: unknown) => {
        const parsed = DealRemovedPayload.safeParse(payload);
        if (parsed.success) forgetDeal(queryClient, parsed.data.id);
        // a lead declined as spam: the inbox's count of them changes (refetched only where shown)
        void queryClient.invalidateQueries({ queryKey: DECLINED_LEADS_KEY });
      },
    });
  }, [token, queryClient]);

  return token ? status : 'offline';
}
