import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Transactions, type Tx } from '../../common/database/transactions';
import type { DomainEventMap } from '../../common/events/domain-events';
import { ENV, type Env } from '../../config/env';
import { AutomationEngine, type Publication } from './automation.engine';
import { Coalescer } from './coalescer';
import { EventIntake, type RuleSource, type Work } from './event-intake';
import { type NewOutboxRow, OutboxRepository, type OutboxRow } from './outbox.repository';
import { RulesService } from './rules.service';
import { TimersRepository } from './timers.repository';

// Events handled per transaction at most (group commit); under load a group is what arrived meanwhile.
const GROUP = 100;
// Transactions draining the outbox at once: while one waits on a round trip, the others work.
const DRAINERS = 4;
/** How long a kick waits for more rows before a drainer starts (see kick). */
const KICK_COALESCE_MS = 10;
// A row whose handling failed this often (outside any rule: arming, reading) is dropped with an error.
const MAX_ATTEMPTS = 5;

/**
 * The durable event queue. Accepted events are written to `automation_outbox` (one statement for
 * the events that arrive together) before anyone is told they were accepted; drainers take the
 * oldest rows in groups, handle each group in one transaction (timers re-armed, rules run, the
 * events the rules caused written back, the rows deleted) and publish after commit. A group that
 * fails is redone one event per transaction. Rows left by a crash are taken at boot.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  /** Two writers, a deal always on the same one: one insert in flight each keeps a deal's rows in the order accepted. */
  private readonly writers: Coalescer<NewOutboxRow, void>[];
  private draining = 0;
  /** Bumped on every kick: a drainer that found nothing stops only if nothing was kicked since it looked. */
  private kicks = 0;
  private kickTimer: NodeJS.Timeout | null = null;
  private accepting = 0;
  private stopping = false;
  private interval: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly engine: AutomationEngine,
    private readonly intake: EventIntake,
    private readonly outbox: OutboxRepository,
    private readonly timers: TimersRepository,
    private readonly rules: RulesService,
    private readonly tx: Transactions,
  ) {
    this.writers = [0, 1].map(
      () =>
        new Coalescer<NewOutboxRow, void>(
          async (rows) => {
            await this.outbox.insert(rows);
            return () => undefined;
          },
          1,
          500,
        ),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rules.reload();
    // Other instances' rows, rows of deals that were busy, and what a crash left.
    this.interval = setInterval(() => this.kick(), this.env.AUTOMATION_POLL_MS);
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.interval) clearInterval(this.interval);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.kickTimer = null;
    await this.idle();
  }

  /** Persists an event (when a rule or timer cares about it); resolves once it is in the outbox. */
  async accept<K extends RuleSource>(event: K, payload: DomainEventMap[K], chain: string[]): Promise<void> {
    const row = this.intake.rowOf(event, payload, chain);
    if (!row) return;
    this.accepting++;
    try {
      await this.writers[writerOf(row.dealId)].load(row);
    } finally {
      this.accepting--;
      this.kick();
      this.wakeIfIdle();
    }
  }

  /**
   * Writes the rows of events decided in the caller's transaction, in that transaction (one
   * statement). The payloads are marked persisted: when the caller publishes them after commit,
   * the listener only kicks a drainer. Returns the rows' ids.
   */
  async persistWithin(events: [RuleSource, object][], tx: Tx): Promise<string[]> {
    const rows: NewOutboxRow[] = [];
    for (const [event, payload] of events) {
      const row = this.intake.rowOf(event, payload as never, this.engine.chainOf(payload));
      if (!row) continue;
      rows.push(row);
      this.engine.markPersisted(payload);
    }
    return this.outbox.insert(rows, tx);
  }

  /**
   * A rehearsal (the warm-up, in a transaction that will be rolled back): the rows just written in
   * `tx` go through the rules as a drainer would take them, so that code is warm before the first
   * real call. What the rules would publish is dropped.
   */
  async rehearseWithin(ids: string[], tx: Tx): Promise<void> {
    const rows = ids.length ? await this.outbox.claimByIds(ids, tx) : [];
    if (rows.length) await this.handle(rows, tx, [], false);
  }

  /** Resolves when nothing is being accepted or handled and the outbox had nothing left to take. */
  idle(): Promise<void> {
    return this.isIdle() ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Something may be waiting: a drainer looks (a running one looks again before it stops). */
  kick(): void {
    this.kicks++;
    if (this.draining > 0 || this.kickTimer) return;
    // Commits of a busy calls path kick many times a millisecond: a drainer started a moment later
    // takes them as one group (one transaction) instead of one small group per commit.
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.startDrainer();
      this.wakeIfIdle();
    }, KICK_COALESCE_MS);
  }

  private startDrainer(): void {
    if (this.stopping || this.draining >= DRAINERS) return;
    this.draining++;
    void this.drain().finally(() => this.wakeIfIdle());
  }

  private wakeIfIdle(): void {
    if (this.isIdle()) for (const wake of this.waiters.splice(0)) wake();
  }

  private isIdle(): boolean {
    return this.draining === 0 && this.accepting === 0 && !this.kickTimer;
  }

  /**
   * Runs groups until there is nothing to take. Leaves `draining` (the finally) in the same
   * synchronous step as it decides to stop, so two drainers cannot both leave a kick to the other.
   */
  private async drain(): Promise<void> {
    try {
      while (!this.stopping) {
        const seen = this.kicks;
        let got: { taken: number; later: number; more: boolean };
        try {
          got = await this.group();
        } catch (err) {
          this.logger.error('automation outbox: a group failed', err instanceof Error ? err.stack : err);
          return;
        }
        if (got.taken === 0) {
          // Nothing to take. A kick since this drainer looked may mean rows it could not see yet;
          // another drainer still running looks again after its own group (it looked after those
          // rows were committed or it sees the kick), so only the last one must. Empty looks cost a
          // transaction each: four drainers looking after every commit were a third of the calls
          // path's round trips (docs/performance.md).
          if (this.kicks === seen || this.draining > 1) return;
          await new Promise((r) => setTimeout(r, KICK_COALESCE_MS));
          continue;
        }
        // A whole group taken and handled, none left for later, no later row of its deals waiting
        // behind it, no kick since: the outbox held nothing more when it looked, and what was
        // committed since has kicked.
        if (got.taken < GROUP && got.later === 0 && !got.more && this.kicks === seen) return;
        // Events arrived while this group ran: another drainer takes the next group meanwhile.
        if (this.kicks !== seen) this.startDrainer();
        // Only events of deals another transaction holds: give it a moment (it commits within ms).
        if (got.taken === got.later) await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      this.draining--;
    }
  }

  /** One group in one transaction; on failure, its events one per transaction. */
  private async group(): Promise<{ taken: number; later: number; more: boolean }> {
    let taken: OutboxRow[] = [];
    const pubs: Publication[] = [];
    try {
      const later = await this.tx.run(async (tx) => {
        taken = await this.outbox.claim(GROUP, tx);
        if (!taken.length) return 0;
        return this.handle(taken, tx, pubs, false);
      });
      this.engine.publish(pubs);
      return { taken: taken.length, later, more: taken.some((row) => row.more) };
    } catch (err) {
      if (!taken.length) throw err;
      this.logger.warn(`automation outbox: a group of ${taken.length} failed (${err instanceof Error ? err.message : err}); one by one`);
      for (const row of taken) await this.one(row.id);
      return { taken: taken.length, later: 0, more: true };
    }
  }

  private async one(id: string): Promise<void> {
    const pubs: Publication[] = [];
    try {
      await this.tx.run(async (tx) => {
        const row = await this.outbox.claimById(id, tx);
        if (row) await this.handle([row], tx, pubs, true);
      });
      this.engine.publish(pubs);
    } catch (err) {
      const attempts = await this.outbox.failedAttempt(id).catch(() => 0);
      this.logger.error(`automation outbox: event ${id} failed (attempt ${attempts})`, err instanceof Error ? err.stack : err);
      if (attempts >= MAX_ATTEMPTS) {
        this.logger.error(`automation outbox: event ${id} dropped after ${attempts} attempts`);
        await this.outbox.drop(id).catch(() => undefined);
      }
    }
  }

  /** Arms timers, runs the rules (which write what they caused and delete the rows handled). Returns how many rows wait for a busy deal. */
  private async handle(rows: OutboxRow[], tx: Tx, pubs: Publication[], isolate: boolean): Promise<number> {
    const works: Work[] = [];
    for (const row of rows) works.push(await this.intake.workOf(row, tx));
    // Timers first, before any deal is locked: a timer worker holds its timers while it waits for deals.
    await this.arm(works, tx);
    const later = await this.engine.runGroup(
      works,
      rows.map((r) => r.id),
      tx,
      pubs,
      isolate,
    );
    return later.size;
  }

  /** The group's timers: one statement per kind of re-arming. */
  private async arm(works: Work[], tx: Tx): Promise<void> {
    const timerRules = this.rules.timerRules().flatMap((r) => (r.trigger.type === 'timer' ? [{ id: r.id, trigger: r.trigger }] : []));
    const all = works.flatMap((w) => w.armDeals);
    const inStage = works.flatMap((w) => w.armDealsInStage).filter((id) => !all.includes(id));
    const tasks = works.flatMap((w) => w.armTasks);
    if (all.length) await this.timers.armDealsForRules(timerRules.filter((r) => r.trigger.timer !== 'task_overdue'), all, tx);
    if (inStage.length) await this.timers.armDealsForRules(timerRules.filter((r) => r.trigger.timer === 'in_stage'), inStage, tx);
    if (tasks.length) for (const r of timerRules.filter((t) => t.trigger.timer === 'task_overdue')) await this.timers.armTasks(r.id, r.trigger, tasks, tx);
  }
}

/** Which writer a deal's rows go through (rows of no deal: the first). */
function writerOf(dealId: string | null): number {
  return dealId ? parseInt(dealId.slice(-2), 16) % 2 : 0;
}
