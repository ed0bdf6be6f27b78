import type { Call, TeamTodayFigures, User } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const teamKeys = { users: ['team', 'users'] as const, liveCalls: ['team', 'live-calls'] as const, figures: ['team', 'figures'] as const };

export const fetchTeam = () => api.get<User[]>('/users');

/** Each rep's calls, talk time, missed calls and deals moved today (Heads only). */
export const fetchTeamFigures = () => api.get<TeamTodayFigures>('/team/today');

/** Calls that are up now: answered and not ended (a Head's GET /api/calls sees everyone's). */
export async function fetchLiveCalls(): Promise<Call[]> {
  const calls = await api.get<Call[]>('/calls?kind=all&limit=200');
  return calls.filter((c) => c.answeredAt && !c.endedAt);
}
