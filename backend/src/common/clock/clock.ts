import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ENV, type Env } from '../../config/env';
import { AppException } from '../errors/app.exception';
import { Transactions } from '../database/transactions';
import { BusinessZone } from './business-zone';

const OFFSET_KEY = 'test.clock_offset_ms';

/**
 * The server's idea of "now" for timers, due dates and the today list. Real time, except under
 * NODE_ENV=test where tests may move it forward; the offset is kept in PostgreSQL so that it
 * survives a restart of the process, as the timers it drives do.
 */
@Injectable()
export class Clock implements OnModuleInit {
  private readonly logger = new Logger(Clock.name);
  private offsetMs = 0;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly tx: Transactions,
    private readonly zone: BusinessZone,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.env.NODE_ENV !== 'test') return;
    const row = await this.tx.db().one<{ value: number }>(`SELECT value FROM settings WHERE key = $1`, [OFFSET_KEY]);
    this.offsetMs = Number(row?.value ?? 0);
    if (this.offsetMs) this.logger.warn(`test clock runs ${this.offsetMs} ms ahead`);
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Today in the team's time zone (a Head's setting): [start, end) and the calendar date, as of `now()`. */
  async today(offsetDays = 0): Promise<{ start: Date; end: Date; date: string }> {
    const timeZone = await this.zone.timeZone();
    const row = await this.tx.db().one<{ start: Date; end: Date; date: string }>(
      `SELECT (d AT TIME ZONE $2) AS start, ((d + interval '1 day') AT TIME ZONE $2) AS "end", to_char(d, 'YYYY-MM-DD') AS date
       FROM (SELECT date_trunc('day', $1::timestamptz AT TIME ZONE $2) + $3::int * interval '1 day' AS d) x`,
      [this.now(), timeZone, offsetDays],
    );
    return row!;
  }

  get testable(): boolean {
    return this.env.NODE_ENV === 'test';
  }

  /** Test only: set or advance the offset. */
  async shift(input: { offsetMs?: number; advanceMs?: number }): Promise<{ now: string; offsetMs: number }> {
    if (!this.testable) throw new AppException('ROUTE_NOT_FOUND', 'No such route');
    const next = input.offsetMs ?? this.offsetMs + (input.advanceMs ?? 0);
    await this.tx
      .db()
      .rows(
        `INSERT INTO settings (key, value) VALUES ($1, to_jsonb($2::bigint))
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [OFFSET_KEY, next],
      );
    this.offsetMs = next;
    return { now: this.now().toISOString(), offsetMs: next };
  }
}
