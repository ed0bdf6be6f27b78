import type { Call, CallListQuery } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export type CallKind = CallListQuery['kind'];

/** GET /api/calls: the signed-in user's calls (a Head may ask for a rep's with `userId`). */
export function listCalls(kind: CallKind, userId?: string | null): Promise<Call[]> {
  const params = new URLSearchParams({ kind });
  if (userId) params.set('userId', userId);
  return api.get<Call[]>(`/calls?${params.toString()}`);
}
