import { ApiKeyToken } from '@callboard/contracts';
import { randomUUID } from 'node:crypto';
import { apiKeyIdOf, hashApiKey, newApiKeyToken } from './api-key-token';

describe('API key tokens', () => {
  it('should make a cbk_ token that carries its id and a fresh 256-bit secret', () => {
    const id = randomUUID();
    const a = newApiKeyToken(id);
    const b = newApiKeyToken(id);
    expect(ApiKeyToken.safeParse(a).success).toBe(true);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(37), 'base64url')).toHaveLength(32);
    expect(apiKeyIdOf(a)).toBe(id);
  });

  it('should find no id in anything that is not a well-formed key', () => {
    const good = newApiKeyToken(randomUUID());
    for (const bad of ['', 'cbk_', 'cbk_nope', good.toUpperCase(), `${good}x`, good.slice(0, -1), ` ${good}`, good.replace('cbk_', 'cbx_'), `cbk_${'g'.repeat(32)}${good.slice(36)}`]) {
      expect(apiKeyIdOf(bad)).toBeNull();
    }
  });

  it('should hash the whole token to 32 bytes that contain neither the token nor its secret', () => {
    const token = newApiKeyToken(randomUUID());
    const hash = hashApiKey(token);
    expect(hash).toHaveLength(32);
    expect(hash.toString('hex')).not.toContain(Buffer.from(token.slice(37), 'base64url').toString('hex'));
    expect(hashApiKey(token).equals(hash)).toBe(true);
    expect(hashApiKey(`${token.slice(0, -1)}A`).equals(hash)).toBe(token.endsWith('A'));
  });
});
