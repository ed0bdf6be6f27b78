/** Where the TV keeps its wallboard token (the URL's fragment is read once, then dropped). */
export const WALLBOARD_TOKEN_KEY = 'callboard.wallboardToken';

export interface TokenPlace {
  /** `location.hash`, e.g. "#token=abc" */
  hash: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** Drops the fragment from the address bar without a reload or a history entry. */
  clearHash: () => void;
}

/**
 * The wallboard's token: a `#token=...` in the address is taken once (stored, then removed from the
 * address bar so it is not left on screen or in a screenshot); otherwise the stored one; else null.
 */
export function takeWallboardToken(place: TokenPlace): string | null {
  const fromHash = new URLSearchParams(place.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    place.storage.setItem(WALLBOARD_TOKEN_KEY, fromHash);
    place.clearHash();
    return fromHash;
  }
  return place.storage.getItem(WALLBOARD_TOKEN_KEY);
}

/** The absolute address to open on the TV: the server's URL, made absolute against this page if relative. */
export function absoluteWallboardUrl(url: string, origin: string): string {
  return new URL(url, origin).toString();
}
