import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** An open transaction, handed to repositories; services never touch TypeORM themselves. */
export interface Tx {
  readonly manager: EntityManager;
}

/** Anything that can run SQL: the pool or an open transaction. Always resolves to rows. */
export interface Db {
  rows<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
  one<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T | null>;
}

export interface RunOptions {
  /** Named in the log line of a retry (e.g. `call <Call-ID>`). */
  label?: string;
  /**
   * Run `work` again (up to 5 tries in all) when PostgreSQL asks for it. Only for work that keeps
   * no state across tries: everything it returns or publishes after commit is built inside it.
   */
  retry?: boolean;
  /** Tries in all when `retry` is set (default 5). */
  attempts?: number;
}

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

@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction: all of it is written, or none of it. With `retry`, a
   * deadlock, a serialization failure or a lock timeout rolls it back and runs it again (up to 5
   * tries, jittered back-off), logging the PostgreSQL code.
   */
  async run<T>(work: (tx: Tx) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const attempts = options.retry ? (options.attempts ?? 5) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => work({ manager }));
      } catch (err) {
        const code = pgCode(err);
        if (!code || !RETRYABLE.has(code) || attempt >= attempts) {
          if (code && RETRYABLE.has(code)) {
            this.logger.warn(`${options.label ?? 'transaction'}: PostgreSQL ${code} on try ${attempt} of ${attempts}, giving up`);
          }
          throw err;
        }
        const delay = backoff(attempt);
        this.logger.warn(`${options.label ?? 'transaction'}: PostgreSQL ${code} on try ${attempt}, again in ${delay} ms`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  db(tx?: Tx): Db {
    const runner = tx ? tx.manager : this.dataSource;
    const rows = async <T>(sql: string, params?: unknown[]): Promise<T[]> => {
      const raw = await runner.query(sql, params);
      // TypeORM answers UPDATE/DELETE with [rows, rowCount]; rows are objects, never arrays.
      if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
        return raw[0] as T[];
      }
      return raw as T[];
    };
    return {
      rows,
      one: async <T>(sql: string, params?: unknown[]) => (await rows<T>(sql, params))[0] ?? null,
    };
  }
}

/** Full jitter over an exponential ceiling: 10, 20, 40, 80 ms ... (capped at 500 ms). */
export function backoff(attempt: number, random = Math.random): number {
  const ceiling = Math.min(500, 10 * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
