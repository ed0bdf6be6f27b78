import type { Call, User } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const teamKeys = { users: ['team', 'users'] as const, liveCalls: ['team', 'live-calls'] as const };

export const fetchTeam = () => api.get<User[]>('/users');

/** Calls that are up now: answered and not ended (a Head's GET /api/calls sees everyone's). */
export async function fetchLiveCalls(): Promise<Call[]> {
  const calls = await api.get<Call[]>('/calls?kind=all&limit=200');
  return calls.filter((c) => c.answeredAt && !c.endedAt);
}
