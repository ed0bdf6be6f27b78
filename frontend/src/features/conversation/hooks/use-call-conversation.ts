import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CallConversationPayload } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import { conversationKeys, fetchCallConversation } from '../api/conversation-api';

/** A call's conversation figures, refetched when the server says they were (re)computed (`call.conversation`). */
export function useCallConversation(callId: string) {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      listenSocket({
        'call.conversation': (raw: unknown) => {
          const parsed = CallConversationPayload.safeParse(raw);
          if (parsed.success && parsed.data.callId === callId) void queryClient.invalidateQueries({ queryKey: conversationKeys.call(callId) });
        },
      }),
    [callId, queryClient],
  );
  return useQuery({ queryKey: conversationKeys.call(callId), queryFn: ({ signal }) => fetchCallConversation(callId, signal) });
}
