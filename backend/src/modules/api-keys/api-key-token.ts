import { ApiKeyToken } from '@callboard/contracts';
import { createHash, randomBytes } from 'node:crypto';

// The token's shape and hash (ADR 0033): pure, so they are unit-tested without Nest.

/** SHA-256 of the whole token: enough for a 256-bit random secret (ADR 0033), and fast per request. */
export function hashApiKey(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** `cbk_<id without dashes>_<secret>`: the id finds the row, the secret proves the holder. */
export function newApiKeyToken(id: string): string {
  return `cbk_${id.replace(/-/g, '')}_${randomBytes(32).toString('base64url')}`;
}

/** The key id inside a well-formed token, as a uuid; null for anything else. */
export function apiKeyIdOf(token: string): string | null {
  if (!ApiKeyToken.safeParse(token).success) return null;
  const hex = token.slice(4, 36);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
