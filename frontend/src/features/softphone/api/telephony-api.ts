import { phoneWebSocketUrl, type Presence, type TelephonyCredentials, type User } from '@callboard/contracts';
import { api } from '@/lib/api-client';
import { getToken } from '@/lib/auth-token';
import type { SipCredentials } from '../sip/softphone';

/** The signed-in user's SIP credentials, with the WebSocket URL as this page reaches it (never localhost). */
export async function fetchSipCredentials(): Promise<SipCredentials> {
  const creds = await api.get<TelephonyCredentials>('/telephony/credentials');
  return { ...creds, wsUrl: phoneWebSocketUrl(creds, window.location) };
}

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
