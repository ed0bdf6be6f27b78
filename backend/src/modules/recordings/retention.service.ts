import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions } from '../../common/database/transactions';
import { ENV, type Env } from '../../config/env';
import { RecordingFiles } from './recording-files';
import { RecordingsRepository } from './recordings.repository';
import { RecordingsService } from './recordings.service';

const BATCH = 100;

/**
 * Deletes recordings older than the retention period (file, then row, in the row's transaction).
 * The schedule is a row of `settings` (the next run), taken with SKIP LOCKED and moved on in the
 * same transaction, like the digest's: one instance runs a due pass, also after a restart (a run
 * missed while the backend was down happens at boot). Expired rows are locked with SKIP LOCKED, so
 * a recording is deleted once; a file already missing on disk is logged and its row deleted.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repo: RecordingsRepository,
    private readonly files: RecordingFiles,
    private readonly recordings: RecordingsService,
    private readonly clock: Clock,
    private readonly tx: Transactions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // a new install's first pass is due at once
    await this.repo.ensureRetentionSchedule(this.clock.now());
    this.timer = setInterval(() => void this.tick(), this.env.RECORDINGS_RETENTION_POLL_MS);
    this.timer.unref();
    void this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs the pass if it is due (`force`: now, as POST /api/internal/recordings/retention does); how many recordings it deleted. */
  async tick(force = false): Promise<number> {
    if (this.stopping) return 0;
    if (this.running) await this.running.catch(() => 0);
    this.running ??= this.pass(force)
      .catch((err) => {
        this.logger.error('retention pass failed', err instanceof Error ? err.stack : err);
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async pass(force: boolean): Promise<number> {
    const now = this.clock.now();
    const days = await this.recordings.retentionDays();
    const before = new Date(now.getTime() - days * 86_400_000);
    return this.tx.run(async (tx) => {
      const schedule = await this.repo.claimRetentionSchedule(tx);
      if (!schedule || (!force && new Date(schedule.nextRunAt) > now)) return 0;
      let deleted = 0;
      for (;;) {
        const expired = await this.repo.expired(before, BATCH, tx);
        for (const r of expired) {
          const had = await this.files.remove(r.filePath!);
          this.logger.log(`retention: deleted recording ${r.id} of call ${r.sipCallId} (started ${r.startedAt?.toISOString()}, kept ${days} days)${had ? '' : '; its file was already missing'}`);
        }
        await this.repo.deleteRows(expired.map((r) => r.id), tx);
        deleted += expired.length;
        if (expired.length < BATCH) break;
      }
      await this.repo.saveRetentionSchedule(new Date(now.getTime() + this.env.RECORDINGS_RETENTION_EVERY_MS), tx);
      return deleted;
    });
  }
}
