import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ENV, poolMin, type Env } from '../../config/env';

/**
 * Before the server listens: opens poolMin(env) connections at once (the pool keeps that many
 * when idle) and has each one load the catalog entries of every table and index. A new PostgreSQL
 * connection starts with empty caches and costs an authentication round; without this the first
 * calls after a start pay both, once per connection (ADR 0017).
 */
@Injectable()
export class PoolWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger(PoolWarmUp.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.WARM_UP === 'off') return;
    const started = performance.now();
    const connections = poolMin(this.env);
    const tables: { name: string }[] = await this.dataSource.query(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
    );
    // held together, so each is a connection of its own
    const runners = await Promise.all(
      Array.from({ length: connections }, async () => {
        const runner = this.dataSource.createQueryRunner();
        await runner.connect();
        return runner;
      }),
    );
    try {
      await Promise.all(
        runners.map(async (runner) => {
          // planning a scan opens the table and its indexes: their catalog rows are cached from then on
          for (const { name } of tables) await runner.query(`SELECT * FROM ${name} LIMIT 0`);
        }),
      );
    } finally {
      await Promise.all(runners.map((r) => r.release()));
    }
    this.logger.log(`warm-up: ${connections} database connections open, ${tables.length} tables cached in ${Math.round(performance.now() - started)} ms`);
  }
}
