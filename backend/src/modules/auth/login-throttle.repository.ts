import { Injectable } from '@nestjs/common';
import type { LoginBlock } from '@callboard/contracts';
import { Transactions } from '../../common/database/transactions';

/** Limits of the login throttle (issue 11): an office behind one NAT address is not locked out by one user. */
export const LOGIN_LIMITS = {
  /** Attempts per (address, email) in a window; the next one is refused. */
  perPair: 10,
  /** Attempts per address across emails (only those the pair limit let through). */
  perAddress: 50,
  windowSeconds: 15 * 60,
  blockSeconds: 15 * 60,
} as const;

export interface ThrottleVerdict {
  blocked: boolean;
  /** Seconds until the block ends (0 when not blocked). */
  retryAfterSeconds: number;
  /** This attempt is the one that started the block (log it once). */
  newlyBlocked: boolean;
  scope: 'pair' | 'address';
  attempts: number;
}

/** Failed API keys per address (issue 17): a row of its own, never an email (no @). */
export const API_KEY_LIMITS = { perAddress: 20 } as const;

/** The row of the whole address uses the empty email. */
const WHOLE_ADDRESS = '';
/** The row counting an address's failed API keys. */
const FAILED_API_KEYS = '#api-key';

/**
 * Counts sign-in attempts in PostgreSQL with one upsert per key, BEFORE the password is checked:
 * the row lock serialises concurrent attempts, so exactly `limit` of them get through, in one
 * process or many. A window restarts once it is over and no block runs.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly tx: Transactions) {}

  async attempt(address: string, email: string): Promise<ThrottleVerdict> {
    const pair = await this.count(address, email, LOGIN_LIMITS.perPair);
    if (pair.blocked) return pair;
    return this.count(address, WHOLE_ADDRESS, LOGIN_LIMITS.perAddress);
  }

  /** Counts one failed API key from `address` (a valid key is never counted, nor refused). */
  failedApiKey(address: string): Promise<ThrottleVerdict> {
    return this.count(address, FAILED_API_KEYS, API_KEY_LIMITS.perAddress);
  }

  /** A correct password: that pair starts over, and the attempt no longer counts against the address. */
  async succeeded(address: string, email: string): Promise<void> {
    await this.tx.db().rows(`DELETE FROM login_throttle WHERE address = $1 AND email = $2`, [address, email]);
    await this.tx.db().rows(
      `UPDATE login_throttle SET attempts = greatest(attempts - 1, 0)
        WHERE address = $1 AND email = $2 AND (blocked_until IS NULL OR blocked_until <= now())`,
      [address, WHOLE_ADDRESS],
    );
  }

  activeBlocks(): Promise<LoginBlock[]> {
    return this.tx.db().rows<LoginBlock>(
      `SELECT address, NULLIF(email, '') AS email, attempts,
              to_char(blocked_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "blockedUntil"
         FROM login_throttle WHERE blocked_until > now() ORDER BY blocked_until DESC LIMIT 500`,
    );
  }

  /** Rows whose window and block are long over. */
  async prune(): Promise<void> {
    await this.tx.db().rows(
      `DELETE FROM login_throttle
        WHERE window_start < now() - make_interval(secs => $1) AND (blocked_until IS NULL OR blocked_until < now())`,
      [LOGIN_LIMITS.windowSeconds * 4],
    );
  }

  private async count(address: string, email: string, limit: number): Promise<ThrottleVerdict> {
    const row = await this.tx.db().one<{ attempts: number; blocked: boolean; retry: string | null }>(
      `INSERT INTO login_throttle AS t (address, email, window_start, attempts) VALUES ($1, $2, now(), 1)
       ON CONFLICT (address, email) DO UPDATE SET
         attempts = CASE WHEN t.blocked_until > now() THEN t.attempts + 1
                         WHEN t.window_start <= now() - make_interval(secs => $4) THEN 1
                         ELSE t.attempts + 1 END,
         window_start = CASE WHEN t.blocked_until > now() THEN t.window_start
                             WHEN t.window_start <= now() - make_interval(secs => $4) THEN now()
                             ELSE t.window_start END,
         blocked_until = CASE WHEN t.blocked_until > now() THEN t.blocked_until
                              WHEN t.window_start <= now() - make_interval(secs => $4) THEN NULL
                              WHEN t.attempts + 1 > $3 THEN now() + make_interval(secs => $5)
                              ELSE NULL END
       RETURNING attempts, COALESCE(blocked_until > now(), false) AS blocked,
                 ceil(extract(epoch FROM blocked_until - now())) AS retry`,
      [address, email, limit, LOGIN_LIMITS.windowSeconds, LOGIN_LIMITS.blockSeconds],
    );
    const attempts = Number(row!.attempts);
    return {
      blocked: row!.blocked,
      retryAfterSeconds: row!.blocked ? Math.max(1, Number(row!.retry)) : 0,
      newlyBlocked: row!.blocked && attempts === limit + 1,
      scope: email === WHOLE_ADDRESS ? 'address' : 'pair',
      attempts,
    };
  }
}
