import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { connectSocket } from '@/lib/socket';
import { teamKeys } from '../api/team-api';

/**
 * Keeps the team view live: presence.changed (sent to Heads when a rep's presence changes, including
 * on_call on answer and back on hang-up) and call events refetch presence and live calls.
 */
export function useTeamLive(token: string | null): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!token) return;
    const socket = connectSocket(token);
    const refetchCalls = () => void queryClient.invalidateQueries({ queryKey: teamKeys.liveCalls });
    socket.on('presence.changed', (raw: unknown) => {
      const p = raw as { userId?: unknown; presence?: unknown };
      if (typeof p?.userId !== 'string' || typeof p.presence !== 'string') return;
      void queryClient.invalidateQueries({ queryKey: teamKeys.users });
      refetchCalls();
    });
    socket.on('call.answered', refetchCalls);
    socket.on('call.ended', refetchCalls);
    socket.on('call.taken', refetchCalls);
    return () => {
      socket.disconnect();
    };
  }, [token, queryClient]);
}
