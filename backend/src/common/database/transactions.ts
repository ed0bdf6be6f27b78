import { Injectable, Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { withRetry } from './pg-errors';
import { StatementNames } from './prepared-statements';

export { isTransient, pgCode } from './pg-errors';

/** Set while `Transactions.rolledBack` runs (the boot warm-up): nothing may be written for good. */
const rollbackOnly = new AsyncLocalStorage<true>();

/** True inside `Transactions.rolledBack` (a rehearsal: the warm-up); e.g. to keep its work out of the log. */
export function rehearsing(): boolean {
  return rollbackOnly.getStore() === true;
}

/** Ends a transaction opened under `rolledBack`, so its work is undone. */
class RolledBack extends Error {}

/** What `db()` needs of node-postgres: a pool or a checked-out client. */
interface PgQueryable {
  query(config: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

/** A connection checked out of the pool. */
interface PgClient {
  query(config: string | { text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
  release(destroy?: boolean): void;
}

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

@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction: all of it is written, or none of it. With `retry`, a
   * deadlock, a serialization failure or a lock timeout rolls it back and runs it again (up to 5
   * tries, jittered back-off), logging the PostgreSQL code.
   */
  run<T>(work: (tx: Tx) => Promise<T>, options: RunOptions = {}): Promise<T> {
    return withRetry(
      () =>
        this.dataSource.transaction(async (manager) => {
          const result = await work({ manager });
          if (rollbackOnly.getStore()) throw new RolledBack('rolled back: warm-up');
          return result;
        }),
      {
        attempts: options.retry ? (options.attempts ?? 5) : 1,
        onRetry: (code, attempt, delay) => this.logger.warn(`${options.label ?? 'transaction'}: PostgreSQL ${code} on try ${attempt}, again in ${delay} ms`),
        onGiveUp: (code, attempt) => this.logger.warn(`${options.label ?? 'transaction'}: PostgreSQL ${code} on try ${attempt}, giving up`),
      },
    );
  }

  /**
   * Runs `work` (the boot warm-up drives real code paths through it): every transaction it opens
   * is rolled back at its end, so what follows a commit (publishing events) never happens, and a
   * write outside a transaction is refused.
   */
  async rolledBack<T>(work: () => Promise<T>): Promise<T | undefined> {
    return rollbackOnly.run(true, async () => {
      try {
        return await work();
      } catch (e) {
        if (!(e instanceof RolledBack)) throw e;
        return undefined;
      }
    });
  }

  /** The error `run` ends a transaction with inside `rolledBack` (its work was done, then undone). */
  static isRolledBack(err: unknown): boolean {
    return err instanceof RolledBack;
  }

  /** Statement names, shared by every connection of this process (see prepared-statements.ts). */
  private readonly statements = new StatementNames();

  /**
   * SQL goes straight to node-postgres (the transaction's own connection, or the pool) as a named
   * statement, prepared once per connection; TypeORM keeps migrations and the transaction
   * boundaries. Errors are node-postgres' own (`code`, `constraint`), never logged with their
   * parameters.
   */
  db(tx?: Tx): Db {
    const rows = async <T>(sql: string, params?: unknown[]): Promise<T[]> => {
      if (!tx && rollbackOnly.getStore() && !/^\s*select\b/i.test(sql)) throw new RolledBack('refused: a write outside a transaction during the warm-up');
      // several statements in one text cannot be prepared
      const name = /;\s*\S/.test(sql) ? null : this.statements.nameOf(sql);
      const client = tx ? await this.clientOf(tx) : this.pool();
      const result = await client.query(name ? { name, text: sql, values: params } : { text: sql, values: params });
      return result.rows as T[];
    };
    return {
      rows,
      one: async <T>(sql: string, params?: unknown[]) => (await rows<T>(sql, params))[0] ?? null,
    };
  }

  /**
   * A query's rows one at a time, read in batches of `batch` through a server-side cursor, in a
   * read-only transaction of its own (one consistent snapshot for the whole read): for exports, so
   * a large result never sits whole in this process. The connection is held until the iteration
   * ends; stopping early (a client that went away) closes the cursor and gives it back.
   */
  async *stream<T = Record<string, any>>(sql: string, params: unknown[] = [], batch = 1000): AsyncGenerator<T> {
    const client = await (this.pool() as unknown as { connect(): Promise<PgClient> }).connect();
    let broken = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query({ text: `DECLARE export_rows NO SCROLL CURSOR FOR ${sql}`, values: params });
      for (;;) {
        const { rows } = await client.query({ text: `FETCH ${batch} FROM export_rows` });
        for (const row of rows) yield row as T;
        if (rows.length < batch) break;
      }
    } finally {
      // done, stopped early or failed: the read-only transaction and its cursor end before the connection goes back
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      client.release(broken ? true : undefined);
    }
  }

  /** The connection a TypeORM transaction runs on. */
  private async clientOf(tx: Tx): Promise<PgQueryable> {
    const runner = tx.manager.queryRunner as unknown as { isReleased: boolean; connect(): Promise<PgQueryable> } | undefined;
    if (!runner) throw new Error('Transactions.db: the transaction has no query runner');
    if (runner.isReleased) throw new Error('Transactions.db: the transaction is over (its connection was released)');
    return runner.connect();
  }

  private pool(): PgQueryable {
    return (this.dataSource.driver as unknown as { master: PgQueryable }).master;
  }
}
