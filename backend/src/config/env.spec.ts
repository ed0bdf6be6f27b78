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
