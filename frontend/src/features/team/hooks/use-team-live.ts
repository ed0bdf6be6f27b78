import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { listenSocket } from '@/lib/socket';
import { teamKeys } from '../api/team-api';

/**
 * Keeps the team view live on the tab's shared socket: presence.changed (sent to Heads when a rep's
 * presence changes, including on_call on answer and back on hang-up) and call events refetch
 * presence and live calls; a call that ends refetches today's figures.
 */
export function useTeamLive(token: string | null): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!token) return;
    const refetchCalls = () => void queryClient.invalidateQueries({ queryKey: teamKeys.liveCalls });
    const refetchFigures = () => void queryClient.invalidateQueries({ queryKey: teamKeys.figures });
    return listenSocket({
      'presence.changed': (raw: unknown) => {
        const p = raw as { userId?: unknown; presence?: unknown };
        if (typeof p?.userId !== 'string' || typeof p.presence !== 'string') return;
        void queryClient.invalidateQueries({ queryKey: teamKeys.users });
        refetchCalls();
      },
      'call.answered': refetchCalls,
      'call.ended': () => {
        refetchCalls();
        refetchFigures();
      },
      'call.taken': refetchCalls,
    });
  }, [token, queryClient]);
}
