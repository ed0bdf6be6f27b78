import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENV, poolMin, type Env } from '../../config/env';
import { MIGRATIONS } from '../../database/migrations';
import { PoolWarmUp } from './pool-warm-up';
import { Transactions } from './transactions';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ENV],
      useFactory: (env: Env) => ({
        type: 'postgres' as const,
        url: env.DATABASE_URL,
        entities: [],
        migrations: MIGRATIONS,
        migrationsRun: true,
        migrationsTransactionMode: 'each' as const,
        synchronize: false,
        logging: ['error' as const],
        extra: {
          max: env.DATABASE_POOL_MAX,
          min: poolMin(env),
          idleTimeoutMillis: 10_000,
          connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
          application_name: 'callboard-backend',
          // Set per session at connect: nothing waits for ever on a lock, a slow statement or a forgotten transaction.
          statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS,
          lock_timeout: env.DATABASE_LOCK_TIMEOUT_MS,
          idle_in_transaction_session_timeout: env.DATABASE_IDLE_TX_TIMEOUT_MS,
          // No JIT: it cost 130 ms of compiling on a report's 300 ms (docs/performance.md) and
          // nothing here runs long enough to win it back.
          options: '-c jit=off',
        },
      }),
    }),
  ],
  providers: [Transactions, PoolWarmUp],
  exports: [Transactions],
})
export class DatabaseModule {}
