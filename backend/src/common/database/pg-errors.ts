/** PostgreSQL error codes (SQLSTATE) and what to do about them; pure, no Nest, no TypeORM. */

/**
 * PostgreSQL says "try again": deadlock_detected, serialization_failure, lock_not_available
 * (lock_timeout). The transaction was rolled back as a whole, so running it again is safe.
 */
const RETRYABLE = new Set(['40P01', '40001', '55P03']);

/** Failures that may pass if the same work is tried later: the retryable ones, timeouts, no connection, database going away. */
const TRANSIENT = new Set([...RETRYABLE, '57014', '53300', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/** The PostgreSQL error code (SQLSTATE) of an error, if it is one. */
export function pgCode(err: unknown): string | null {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * A failure that says nothing about the work itself: PostgreSQL asked for a retry, cancelled a
 * statement that ran too long, had no connection to give, or was unreachable (pool timeout,
 * refused or reset connection).
 */
export function isTransient(err: unknown): boolean {
  const code = pgCode(err);
  if (code) return TRANSIENT.has(code);
  const message = err instanceof Error ? err.message : String(err);
  const sys = (err as { code?: unknown } | null)?.code;
  return (
    /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error/i.test(message) ||
    sys === 'ECONNREFUSED' ||
    sys === 'ECONNRESET' ||
    sys === 'EPIPE' ||
    sys === 'ETIMEDOUT'
  );
}

/**
 * Runs `attempt` up to `attempts` times while it fails with a code PostgreSQL says to retry
 * (the transaction was rolled back as a whole, so running it again is safe), waiting a jittered,
 * growing delay between tries.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: {
    attempts: number;
    onRetry?: (code: string, attempt: number, delayMs: number) => void;
    onGiveUp?: (code: string, attempt: number) => void;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      const code = pgCode(err);
      if (!code || !RETRYABLE.has(code)) throw err;
      if (n >= options.attempts) {
        if (options.attempts > 1) options.onGiveUp?.(code, n);
        throw err;
      }
      const delay = backoff(n);
      options.onRetry?.(code, n, delay);
      await sleep(delay);
    }
  }
}

/** Full jitter over an exponential ceiling: 10, 20, 40, 80 ms ... (capped at 500 ms). */
export function backoff(attempt: number, random = Math.random): number {
  const ceiling = Math.min(500, 10 * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
