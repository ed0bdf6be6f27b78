import { CallConversationResponse } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const conversationKeys = {
  all: ['conversation'] as const,
  call: (callId: string) => ['conversation', 'call', callId] as const,
};

/** GET /api/calls/:id/conversation: the call's figures, or null until its recording is analysed. */
export async function fetchCallConversation(callId: string, signal?: AbortSignal): Promise<CallConversationResponse> {
  return CallConversationResponse.parse(await api.get<unknown>(`/calls/${encodeURIComponent(callId)}/conversation`, undefined, signal));
}
