import type { TeamSettings, UpdateTeamSettingsRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const teamSettingsApi = {
  get: (signal?: AbortSignal) => api.get<TeamSettings>('/team-settings', undefined, signal),
  save: (body: UpdateTeamSettingsRequest) => api.put<TeamSettings>('/team-settings', body),
};
