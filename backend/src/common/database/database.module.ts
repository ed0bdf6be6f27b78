import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENV, type Env } from '../../config/env';
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
        extra: { max: env.DATABASE_POOL_MAX, min: Math.min(env.DATABASE_POOL_MIN, env.DATABASE_POOL_MAX), idleTimeoutMillis: 10_000, application_name: 'callboard-backend' },
      }),
    }),
  ],
  providers: [Transactions, PoolWarmUp],
  exports: [Transactions],
})
export class DatabaseModule {}
