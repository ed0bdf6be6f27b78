/**
 * Counts failed logins per key in a sliding window. Keys are "email|ip" (guessing one account)
 * and "ip" (spraying many); an office behind one NAT still gets a generous per-IP budget.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: { perAccount: number; perIp: number; windowMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until a new attempt is allowed, or 0 if it is allowed now. */
  retryAfterMs(email: string, ip: string): number {
    const account = this.recent(`${email}|${ip}`);
    const fromIp = this.recent(ip);
    const blockedUntil = Math.max(
      account.length >= this.limits.perAccount ? account[account.length - this.limits.perAccount] : 0,
      fromIp.length >= this.limits.perIp ? fromIp[fromIp.length - this.limits.perIp] : 0,
    );
    return blockedUntil ? Math.max(1, blockedUntil + this.limits.windowMs - this.now()) : 0;
  }

  recordFailure(email: string, ip: string): void {
    for (const key of [`${email}|${ip}`, ip]) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
    }
    if (this.failures.size > 50_000) this.sweep();
  }

  recordSuccess(email: string, ip: string): void {
    this.failures.delete(`${email}|${ip}`);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private sweep(): void {
    for (const key of [...this.failures.keys()]) {
      if (!this.recent(key).length) this.failures.delete(key);
    }
  }
}
