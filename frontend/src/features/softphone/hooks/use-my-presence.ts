import { useEffect, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { Presence } from '@callboard/contracts';
import { useAuth } from '@/features/auth';
import { listenSocket } from '@/lib/socket';
import { fetchMyPresence } from '../api/telephony-api';

const PresenceChanged = z.object({ userId: z.string(), presence: Presence });

export const myPresenceKey = (userId: string | null) => ['softphone', 'presence', userId] as const;

/**
 * The signed-in user's presence as the server has it: GET /auth/me (the login answer has none), then
 * live from `presence.changed` for this user (the server sends it to the user's own room: on_call when
 * a call of theirs is answered, the earlier presence when it ends, and a choice made in another tab).
 * Every tab of the user shows the same value; nothing is derived locally.
 */
export function useMyPresence() {
  const { token, user } = useAuth();
  const userId = user?.id ?? null;
  const queryClient = useQueryClient();
  const key = useMemo(() => myPresenceKey(userId), [userId]);
  const query = useQuery({ queryKey: key, queryFn: fetchMyPresence, staleTime: Infinity, enabled: userId !== null });

  useEffect(() => {
    if (!token || !userId) return;
    let connectedBefore = false;
    return listenSocket({
      connect: () => {
        // changes while the socket was down are lost: ask again
        if (connectedBefore) void queryClient.invalidateQueries({ queryKey: key });
        connectedBefore = true;
      },
      'presence.changed': (raw: unknown) => {
        const parsed = PresenceChanged.safeParse(raw);
        if (!parsed.success || parsed.data.userId !== userId) return;
        // newer than a GET still under way
        void queryClient.cancelQueries({ queryKey: key });
        queryClient.setQueryData(key, parsed.data.presence);
      },
    });
  }, [token, userId, key, queryClient]);

  return { key, query };
}
