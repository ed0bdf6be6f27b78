import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Notification } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import { notificationsApi } from '../api/notifications-api';

const KEY = ['notifications'] as const;

/** The latest notifications; the socket keeps them live, a slow poll covers a lost connection. */
export function useNotifications() {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => notificationsApi.list(signal), refetchInterval: 120_000 });
}

/** Listens for `notification` events to the user's room, on the tab's shared socket. */
export function useLiveNotifications(token: string | null) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!token) return;
    let connectedBefore = false;
    return listenSocket({
      connect: () => {
        // events sent while offline are lost: catch up after a reconnect
        if (connectedBefore) void queryClient.invalidateQueries({ queryKey: KEY });
        connectedBefore = true;
      },
      notification: (payload: unknown) => {
        const parsed = Notification.safeParse(payload);
        if (!parsed.success) {
          console.warn('Dropped a malformed notification', parsed.error.issues);
          return;
        }
        queryClient.setQueryData<Notification[]>(KEY, (list) => (list ? [parsed.data, ...list.filter((n) => n.id !== parsed.data.id)] : list));
        if (!queryClient.getQueryData(KEY)) void queryClient.invalidateQueries({ queryKey: KEY });
      },
    });
  }, [token, queryClient]);
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => notificationsApi.read(id),
    onSuccess: (n) => queryClient.setQueryData<Notification[]>(KEY, (list) => list?.map((x) => (x.id === n.id ? n : x))),
  });
}
