import { createHmac } from 'node:crypto';

/**
 * Ephemeral SIP credentials as the backend issues them (auth_ephemeral, IETF format):
 * username "<expiry-unix-ts>:<extension>", password base64(HMAC-SHA1(secret, username)).
 */
export function mintSipCredentials(
  secret: string,
  extension: string,
  ttlSec = 3600,
  nowSec = Math.floor(Date.now() / 1000),
): { username: string; password: string; expiresAt: number } {
  const expiresAt = nowSec + ttlSec;
  const username = `${expiresAt}:${extension}`;
  const password = createHmac('sha1', secret).update(username).digest('base64');
  return { username, password, expiresAt };
}
