import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { io, type Socket } from 'socket.io-client';
import { type ClientToServerHandlers, FiguresChangedPayload, type ServerToClientHandlers } from '@callboard/contracts';
import { fetchWallboardFigures, WallboardTokenRejected } from '../api/wallboard-api';

/** The figures refetch on every `figures.changed`, and at least this often if the socket is down. */
export const FALLBACK_REFRESH_MS = 60_000;

/**
 * Today's figures for the TV, live: its own socket (`auth.wallboardToken`, the wallboard room only)
 * invalidates them on `figures.changed`. `revoked` once the token is refused, by HTTP or socket.
 */
export function useWallboardFigures(token: string | null) {
  const queryClient = useQueryClient();
  const [refused, setRefused] = useState(false);
  const key = ['wallboard', token] as const;
  const figures = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchWallboardFigures(token!, signal),
    enabled: !!token && !refused,
    refetchInterval: FALLBACK_REFRESH_MS,
    refetchIntervalInBackground: true,
    retry: (count, err) => !(err instanceof WallboardTokenRejected) && count < 3,
  });

  useEffect(() => {
    if (!token || refused) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const socket: Socket<ServerToClientHandlers, ClientToServerHandlers> = io({ auth: { wallboardToken: token }, transports: ['websocket', 'polling'] });
    socket.on('figures.changed', (payload) => {
      if (!FiguresChangedPayload.safeParse(payload).success) return;
      void queryClient.invalidateQueries({ queryKey: ['wallboard', token] });
    });
    // a reconnect may have missed hints: catch up at once
    socket.on('wallboard.ready', () => void queryClient.invalidateQueries({ queryKey: ['wallboard', token] }));
    socket.on('connect_error', (err) => {
      if ((err as Error & { data?: { code?: string } }).data?.code === 'UNAUTHENTICATED') setRefused(true);
      // other failures: socket.io retries by itself only after a transport error, so try again later
      else retry = setTimeout(() => socket.connect(), 5000);
    });
    // the server closed it (revoked): the next request tells
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') void queryClient.invalidateQueries({ queryKey: ['wallboard', token] });
    });
    return () => {
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [token, refused, queryClient]);

  const revoked = refused || figures.error instanceof WallboardTokenRejected;
  return { figures, revoked };
}
