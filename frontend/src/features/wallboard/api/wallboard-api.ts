import { type CreatedWallboardToken, type WallboardFigures, WALLBOARD_AUTH_SCHEME, type WallboardTokenInfo } from '@callboard/contracts';
import { api } from '@/lib/api-client';

/** The Heads' side (their session). */
export const wallboardAdminApi = {
  list: () => api.get<WallboardTokenInfo[]>('/wallboard/tokens'),
  create: (name: string) => api.post<CreatedWallboardToken>('/wallboard/tokens', { name }),
  revoke: (id: string) => api.delete<void>(`/wallboard/tokens/${id}`),
};

/** The wallboard's token no longer opens anything (revoked, or never valid). */
export class WallboardTokenRejected extends Error {
  constructor() {
    super('This wallboard’s link was revoked');
    this.name = 'WallboardTokenRejected';
  }
}

/**
 * The TV's own request: its wallboard token only, never the app's session (a 401 here must not
 * sign anybody out, so it does not go through the app's api client).
 */
export async function fetchWallboardFigures(token: string, signal?: AbortSignal): Promise<WallboardFigures> {
  const res = await fetch('/api/wallboard', { headers: { Accept: 'application/json', Authorization: `${WALLBOARD_AUTH_SCHEME} ${token}` }, signal });
  if (res.status === 401) throw new WallboardTokenRejected();
  if (!res.ok) throw new Error(`The figures could not be loaded (${res.status})`);
  return (await res.json()) as WallboardFigures;
}
