import { LoginRateLimiter } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  let now = 0;
  const limiter = () => new LoginRateLimiter({ perAccount: 3, perIp: 5, windowMs: 1000 }, () => now);

  beforeEach(() => {
    now = 10_000;
  });

  it('should allow attempts when under the per-account limit', () => {
    const l = limiter();
    l.recordFailure('a@x', '1.1.1.1');
    l.recordFailure('a@x', '1.1.1.1');
    expect(l.retryAfterMs('a@x', '1.1.1.1')).toBe(0);
  });

  it('should block an account when it reaches the limit and free it after the window', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('a@x', '1.1.1.1');
    expect(l.retryAfterMs('a@x', '1.1.1.1')).toBe(1000);
    now += 1001;
    expect(l.retryAfterMs('a@x', '1.1.1.1')).toBe(0);
  });

  it('should block an address when it sprays many accounts', () => {
    const l = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure(`u${i}@x`, '2.2.2.2');
    expect(l.retryAfterMs('new@x', '2.2.2.2')).toBeGreaterThan(0);
    expect(l.retryAfterMs('new@x', '3.3.3.3')).toBe(0);
  });

  it('should forget an account failures when it logs in', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.recordFailure('a@x', '1.1.1.1');
    l.recordSuccess('a@x', '1.1.1.1');
    expect(l.retryAfterMs('a@x', '1.1.1.1')).toBe(0);
  });
});
