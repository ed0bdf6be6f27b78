import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { BusinessZone } from '../../common/clock/business-zone';
import { Transactions } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { ENV, type Env } from '../../config/env';

/** Advisory lock key: one node builds the summaries at a time. */
const BUILD_LOCK = 7_140_003;
const WAIT_STEP_MS = 50;

/**
 * Keeps the report summaries of migration 200 (ADR 0028) usable: builds them in the team's zone
 * at boot and when a Head changes the zone, without stopping writers, and folds their delta rows
 * every few seconds. The reports read them only when `readable(zone)` says they are built in it.
 */
@Injectable()
export class ReportSummariesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReportSummariesService.name);
  private interval: NodeJS.Timeout | null = null;
  private building: Promise<void> | null = null;
  private again = false;
  private compacting: Promise<unknown> | null = null;
  private stopping = false;
  /** Server processes running a build statement now: cancelled on shutdown (the build rolls back, the next boot builds again). */
  private readonly workers = new Set<number>();

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly tx: Transactions,
    private readonly zone: BusinessZone,
    private readonly events: DomainEvents,
  ) {}

  onApplicationBootstrap(): void {
    this.events.on('team.time-zone-changed', () => void this.ensureBuilt());
    this.interval = setInterval(() => void this.compact(), this.env.REPORT_SUMMARY_COMPACT_MS);
    void this.ensureBuilt();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.interval) clearInterval(this.interval);
    if (this.workers.size) {
      await this.tx
        .db()
        .rows(`SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid`, [[...this.workers]])
        .catch(() => undefined);
    }
    await Promise.allSettled([this.building, this.compacting]);
  }

  /** Whether the summaries hold the days of `timeZone` (else the reports read the source tables). */
  async readable(timeZone: string): Promise<boolean> {
    const state = await this.tx.db().one<{ built_zone: string | null }>(`SELECT built_zone FROM report_summary_state`);
    return state?.built_zone === timeZone;
  }

  /** Builds the summaries in the team's zone unless they are; a call during a build makes it look again after. */
  ensureBuilt(): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = (async () => {
      do {
        this.again = false;
        try {
          await this.buildOnce();
        } catch (err) {
          this.logger.error('building the report summaries failed; reports read the source tables', err instanceof Error ? err.stack : err);
        }
      } while (this.again && !this.stopping);
    })().finally(() => (this.building = null));
    return this.building;
  }

  /** Folds the delta rows (one node at a time). Returns the rows written, -1 if another node is at it. */
  async compact(): Promise<number> {
    if (this.compacting || this.stopping) return 0;
    const run = this.tx
      .run(async (t) => (await this.tx.db(t).one<{ n: number }>(`SELECT report_summaries_compact() AS n`))?.n ?? 0)
      .catch((err) => {
        this.logger.warn(`compacting the report summaries failed: ${err instanceof Error ? err.message : String(err)}`);
        return 0;
      });
    this.compacting = run;
    try {
      return await run;
    } finally {
      this.compacting = null;
    }
  }

  /**
   * One build for the zone the team has now: the triggers start writing it, the transactions that
   * were already writing are waited out (their rows are then in every later snapshot), each
   * summary's rows for the zone are replaced by its sums over the sources (one statement, one
   * snapshot each), and the zone becomes the one to read; other zones' rows go.
   */
  private async buildOnce(): Promise<void> {
    const zone = await this.zone.timeZone();
    if (await this.readable(zone)) return;
    let built = false;
    await this.tx.run(async (lock) => {
      const db = this.tx.db(lock);
      // the lock is held for the whole build, by a transaction that waits meanwhile
      await db.rows(`SELECT set_config('idle_in_transaction_session_timeout', '0', true)`);
      const got = await db.one<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${BUILD_LOCK}) AS ok`);
      if (!got?.ok) return; // another node is building; it looks again when done
      if (await this.readable(zone)) return;
      const started = Date.now();
      await this.tx.run((t) => this.tx.db(t).rows(`UPDATE report_summary_state SET zones = array_append(array_remove(zones, $1), $1)`, [zone]));
      // this database's transactions that were writing then (a snapshot's list would hold every database's)
      const writing = await this.tx.db().one<{ xids: string[] }>(
        `SELECT COALESCE(array_agg(backend_xid::text), '{}') AS xids FROM pg_stat_activity
         WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
      );
      while (!this.stopping && writing!.xids.length) {
        const busy = await this.tx.db().one<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_xid::text = ANY($1::text[])`,
          [writing!.xids],
        );
        if (!busy?.n) break;
        await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
      }
      if (this.stopping) return;
      await this.untimed(`SELECT report_summaries_base($1)`, zone);
      if (this.stopping) return;
      await this.untimed(`SELECT report_summaries_finish($1)`, zone);
      this.logger.log(`report summaries built for ${zone} in ${Date.now() - started} ms`);
      built = true;
    });
    if (built) await this.vacuum();
    if ((await this.zone.timeZone()) !== zone) this.again = true;
  }

  /** One build statement in its own transaction, without a statement timeout, cancellable by shutdown. */
  private async untimed(sql: string, zone: string): Promise<void> {
    await this.tx.run(async (t) => {
      const db = this.tx.db(t);
      const me = await db.one<{ pid: number }>(`SELECT pg_backend_pid() AS pid, set_config('statement_timeout', '0', true)`);
      this.workers.add(me!.pid);
      try {
        if (!this.stopping) await db.rows(sql, [zone]);
      } finally {
        this.workers.delete(me!.pid);
      }
    });
  }

  /**
   * The summaries were rewritten whole: vacuumed now so they are read by index-only scans at once,
   * not after autovacuum. After the build's lock transaction has ended: an open transaction would
   * hold the horizon back and leave every new row "not yet visible to all".
   */
  private async vacuum(): Promise<void> {
    const tables = await this.tx.db().rows<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'compacted' AND table_name LIKE 'report\\_%'`,
    );
    for (const { t } of tables) {
      if (this.stopping) return;
      await this.tx.db().rows(`VACUUM (ANALYZE) ${t}`);
    }
  }
}
