import { backoff, isTransient, pgCode, withRetry } from './pg-errors';

/** An attempt that fails with the given PostgreSQL codes (TypeORM's shape), then succeeds. */
function failing(codes: (string | null)[]): { attempt: () => Promise<string>; tries: () => number } {
  let n = 0;
  return {
    attempt: async () => {
      const code = codes[n++];
      if (code) throw Object.assign(new Error(`pg ${code}`), { driverError: { code } });
      return 'done';
    },
    tries: () => n,
  };
}
const noSleep = async () => undefined;

describe('withRetry (Transactions.run with retry)', () => {
  it('should run the work again after a deadlock, a serialization failure or a lock timeout', async () => {
    const f = failing(['40P01', '40001', '55P03', null]);
    const logged: string[] = [];
    await expect(withRetry(f.attempt, { attempts: 5, sleep: noSleep, onRetry: (code) => logged.push(code) })).resolves.toBe('done');
    expect(f.tries()).toBe(4);
    expect(logged).toEqual(['40P01', '40001', '55P03']);
  });

  it('should give up after five tries and throw the last PostgreSQL error', async () => {
    const f = failing(['40P01', '40P01', '40P01', '40P01', '40P01', null]);
    await expect(withRetry(f.attempt, { attempts: 5, sleep: noSleep })).rejects.toMatchObject({ driverError: { code: '40P01' } });
    expect(f.tries()).toBe(5);
  });

  it('should not retry with one attempt, nor an error PostgreSQL did not ask to retry', async () => {
    const once = failing(['40P01', null]);
    await expect(withRetry(once.attempt, { attempts: 1, sleep: noSleep })).rejects.toThrow('pg 40P01');
    expect(once.tries()).toBe(1);
    const unique = failing(['23505', null]);
    await expect(withRetry(unique.attempt, { attempts: 5, sleep: noSleep })).rejects.toThrow('pg 23505');
    expect(unique.tries()).toBe(1);
  });
});

describe('pgCode and isTransient', () => {
  it('should read the SQLSTATE from TypeORM and pg errors alike', () => {
    expect(pgCode({ driverError: { code: '57014' } })).toBe('57014');
    expect(pgCode({ code: '40001' })).toBe('40001');
    expect(pgCode({ code: 'ECONNREFUSED' })).toBeNull();
    expect(pgCode(null)).toBeNull();
  });

  it('should call timeouts, deadlocks and lost connections transient, and bad data not', () => {
    expect(isTransient({ driverError: { code: '57014' } })).toBe(true);
    expect(isTransient({ code: '40P01' })).toBe(true);
    expect(isTransient(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isTransient(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient({ driverError: { code: '23503' } })).toBe(false);
    expect(isTransient(new TypeError('x is undefined'))).toBe(false);
  });
});

describe('backoff', () => {
  it('should grow with the attempt, jittered between half and all of its ceiling, capped at 500 ms', () => {
    expect([1, 2, 3].map((a) => backoff(a, () => 0))).toEqual([5, 10, 20]);
    expect([1, 2, 3].map((a) => backoff(a, () => 1))).toEqual([10, 20, 40]);
    expect(backoff(20, () => 1)).toBe(500);
  });
});
