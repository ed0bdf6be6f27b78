import type { Presence, TelephonyCredentials, User } from '@callboard/contracts';
import { api } from '@/lib/api-client';
import { getToken } from '@/lib/auth-token';

export const fetchSipCredentials = () => api.get<TelephonyCredentials>('/telephony/credentials');

/** The signed-in user's presence as the server has it. */
export const fetchMyPresence = async (): Promise<Presence> => (await api.get<User>('/auth/me')).presence;

/** PUT /api/telephony/presence (the shared api client has no PUT); resolves to the saved presence. */
export async function setPresence(presence: Exclude<Presence, 'on_call'>): Promise<Presence> {
  const token = getToken();
  const res = await fetch('/api/telephony/presence', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ presence }),
  });
  if (!res.ok) throw new Error('Could not change your presence');
  return ((await res.json()) as User).presence;
}
