import { parseEnv, poolMin } from './env';

describe('database pool size', () => {
  it('is a fixed-size pool when DATABASE_POOL_MIN is unset: every connection kept open', () => {
    expect(poolMin({ DATABASE_POOL_MAX: 20, DATABASE_POOL_MIN: undefined })).toBe(20);
  });

  it('keeps DATABASE_POOL_MIN connections when it is set, never more than the maximum', () => {
    expect(poolMin({ DATABASE_POOL_MAX: 20, DATABASE_POOL_MIN: 4 })).toBe(4);
    expect(poolMin({ DATABASE_POOL_MAX: 5, DATABASE_POOL_MIN: 8 })).toBe(5);
    expect(poolMin({ DATABASE_POOL_MAX: 20, DATABASE_POOL_MIN: 0 })).toBe(0);
  });

  it('reads CALL_GROUP_COMMIT (16 by default) and refuses 0', () => {
    const base = { DATABASE_URL: 'postgres://x@127.0.0.1/db', JWT_SECRET: 'x'.repeat(32), PBX_SERVICE_TOKEN: 'y'.repeat(32), SIP_SHARED_SECRET: 'z'.repeat(32) };
    expect(parseEnv(base).CALL_GROUP_COMMIT).toBe(16);
    expect(parseEnv({ ...base, CALL_GROUP_COMMIT: '4' }).CALL_GROUP_COMMIT).toBe(4);
    expect(() => parseEnv({ ...base, CALL_GROUP_COMMIT: '0' })).toThrow();
  });
});

describe('the team\'s install defaults', () => {
  const base = { DATABASE_URL: 'postgres://x@127.0.0.1/db', JWT_SECRET: 'x'.repeat(32), PBX_SERVICE_TOKEN: 'y'.repeat(32), SIP_SHARED_SECRET: 'z'.repeat(32) };

  it('should default to English, euros and Hungary, also when a variable is set empty', () => {
    for (const env of [base, { ...base, TEAM_LANGUAGE: '', TEAM_CURRENCY: '', DEFAULT_PHONE_REGION: '' }]) {
      const parsed = parseEnv(env);
      expect([parsed.TEAM_LANGUAGE, parsed.TEAM_CURRENCY, parsed.DEFAULT_PHONE_REGION]).toEqual(['en', 'EUR', 'HU']);
    }
  });

  it('should take a language Callboard is written in, a currency Intl knows and a region in either case', () => {
    const parsed = parseEnv({ ...base, TEAM_LANGUAGE: 'he', TEAM_CURRENCY: 'ILS', DEFAULT_PHONE_REGION: 'il' });
    expect([parsed.TEAM_LANGUAGE, parsed.TEAM_CURRENCY, parsed.DEFAULT_PHONE_REGION]).toEqual(['he', 'ILS', 'IL']);
  });

  it.each([
    ['TEAM_LANGUAGE', 'de'],
    ['TEAM_LANGUAGE', 'hu-HU'],
    ['TEAM_CURRENCY', 'XYZ'],
    ['TEAM_CURRENCY', 'eur'],
    ['DEFAULT_PHONE_REGION', 'XX'],
    ['DEFAULT_PHONE_REGION', 'HUN'],
  ])('should refuse to start with %s=%s, naming it', (name, value) => {
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(new RegExp(`${name}: `));
  });
});
