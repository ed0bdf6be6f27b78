import type { Presence, TelephonyCredentials } from '@callboard/contracts';
import { api } from '@/lib/api-client';
import { getToken } from '@/lib/auth-token';

export const fetchSipCredentials = () => api.get<TelephonyCredentials>('/telephony/credentials');

/** PUT /api/telephony/presence (the shared api client has no PUT). */
export async function setPresence(presence: Exclude<Presence, 'on_call'>): Promise<void> {
  const token = getToken();
  const res = await fetch('/api/telephony/presence', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ presence }),
  });
  if (!res.ok) throw new Error('Could not change your presence');
}
