import { Injectable } from '@nestjs/common';
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

@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction: all of it is written, or none of it. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work({ manager }));
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
