import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions, type Tx } from '../../common/database/transactions';
import { PendingEvents } from '../../common/events/pending-events';
import { ENV, type Env } from '../../config/env';
import { AlreadyHandled, AutomationEngine, type Publication, type Trigger } from './automation.engine';
import { AutomationRepository, type RuleRecord } from './automation.repository';
import { timerMinutes } from './rule-catalog';
import { RulesService } from './rules.service';
import { type DueTimer, TimersRepository } from './timers.repository';

/**
 * Fires due timers. Timers live in PostgreSQL; each pass takes due rows with SKIP LOCKED, one
 * transaction per timer holding the check, the rule's actions and the "done" mark together, so a
 * timer fires exactly once, also across restarts and several instances. No in-memory timer is
 * the source of truth: the interval only decides when to look.
 */
// Due timers per transaction: one claim and one settling statement for all of them.
const BATCH = 25;

@Injectable()
export class AutomationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AutomationScheduler.name);
  private interval: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly rules: RulesService,
    private readonly engine: AutomationEngine,
    private readonly repo: AutomationRepository,
    private readonly timers: TimersRepository,
    private readonly clock: Clock,
    private readonly tx: Transactions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.rules.reload();
    // Deals created while no instance listened (a crash between commit and event) get their timers here.
    let armed = 0;
    for (const rule of this.rules.enabled()) armed += await this.rules.arm(rule);
    if (armed) this.logger.log(`armed ${armed} timer(s) at boot`);
    this.interval = setInterval(() => void this.tick(), this.env.AUTOMATION_POLL_MS);
    void this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.interval) clearInterval(this.interval);
    await this.running;
  }

  /** One pass that starts now (after any pass in flight): fires everything due. Returns how many timers were handled. */
  async tick(): Promise<number> {
    if (this.running) await this.running.catch(() => 0);
    if (this.running) return this.running; // another caller started a pass after ours was requested
    this.running = this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    try {
      await this.rules.reload();
      const now = this.clock.now();
      const counts = await Promise.all(Array.from({ length: this.env.AUTOMATION_WORKERS }, () => this.work(now)));
      return counts.reduce((a, b) => a + b, 0);
    } catch (err) {
      this.logger.error('timer pass failed', err instanceof Error ? err.stack : err);
      return 0;
    }
  }

  private async work(now: Date): Promise<number> {
    let n = 0;
    while (!this.stopping && n < 5000) {
      const handled = await this.fireBatch(now);
      if (!handled) break;
      n += handled;
    }
    return n;
  }

  /**
   * Up to BATCH due timers in one transaction: one claim, each timer's check and rule, one
   * statement settling them all. If any of them throws, the whole batch rolls back and is
   * redone one timer per transaction, where a failure is recorded against its own timer.
   */
  private async fireBatch(now: Date): Promise<number> {
    const fired: Publication[] = [];
    let size = 0;
    try {
      const n = await this.tx.run(async (tx) => {
        const batch = await this.timers.claimDueBatch(now, BATCH, tx);
        size = batch.length;
        const outcomes: { t: DueTimer; anchor: Date; dueAt: Date | null }[] = [];
        for (const t of batch) {
          const pending = new PendingEvents();
          const after: (() => void)[] = [];
          const o = await this.decide(t, now, tx, pending, after);
          outcomes.push({ t, anchor: o.anchor, dueAt: o.dueAt });
          if (o.acted && o.fired) fired.push({ pending, after, chain: [o.fired.rule.id] });
        }
        await this.timers.settle(outcomes, tx);
        await this.engine.persistCaused(fired, tx);
        return batch.length;
      });
      this.engine.publish(fired);
      return n;
    } catch (err) {
      if (!size) throw err;
      let n = 0;
      while (n < size && (await this.fireOne(now))) n++;
      return Math.max(n, 1);
    }
  }

  private async fireOne(now: Date): Promise<boolean> {
    const pending = new PendingEvents();
    const after: (() => void)[] = [];
    let claimed: DueTimer | null = null;
    let fired: { rule: RuleRecord; trigger: Trigger } | null = null;
    let acted = false;
    let publication: Publication | null = null;
    const pub = (rule: RuleRecord): Publication => (publication ??= { pending, after, chain: [rule.id] });
    try {
      const found = await this.tx.run(async (tx) => {
        const t = (claimed = await this.timers.claimDue(now, tx));
        if (!t) return false;
        const o = await this.decide(t, now, tx, pending, after, (f) => (fired = f));
        acted = o.acted;
        if (o.dueAt) await this.timers.rearm(t, o.anchor, o.dueAt, tx);
        else await this.timers.done(t, o.anchor, tx);
        if (acted && fired) await this.engine.persistCaused([pub((fired as { rule: RuleRecord }).rule)], tx);
        return true;
      });
      if (acted && fired) this.engine.publish([pub((fired as { rule: RuleRecord }).rule)]);
      return found;
    } catch (err) {
      // A failing rule must not block its timer forever: record it and move on.
      const t = claimed as DueTimer | null;
      if (!t) throw err;
      const f = fired as { rule: RuleRecord; trigger: Trigger } | null;
      if (err instanceof AlreadyHandled) this.logger.warn(`timer of rule ${t.ruleId} on ${t.subjectId}: cause already handled`);
      else if (f) await this.engine.recordFailure(f.rule, f.trigger, err);
      else this.logger.error(`timer of rule ${t.ruleId} on ${t.subjectId} failed`, err instanceof Error ? err.stack : err);
      await this.tx.run((tx) => this.timers.done(t, t.anchor, tx));
      return true;
    }
  }

  /**
   * In the claiming transaction: what a due timer does. `dueAt` set means the anchor moved on
   * (a contact, a new stage, a new due time) and the timer waits for the new time; otherwise
   * it is done at `anchor`, whether its rule acted or not.
   */
  private async decide(
    t: DueTimer,
    now: Date,
    tx: Tx,
    pending: PendingEvents,
    after: (() => void)[],
    onFire?: (f: { rule: RuleRecord; trigger: Trigger }) => void,
  ): Promise<{ anchor: Date; dueAt: Date | null; acted: boolean; fired?: { rule: RuleRecord; trigger: Trigger } }> {
    const skip = { anchor: t.anchor, dueAt: null, acted: false };
    const rule = this.rules.byId(t.ruleId);
    if (!rule?.enabled || rule.trigger.type !== 'timer') return skip;
    const trig = rule.trigger;
    let minutes = timerMinutes(trig);
    let anchor: Date;
    let dealId: string | null;
    let taskAssigneeId: string | null | undefined;
    let taskTitle: string | undefined;
    if (trig.timer === 'task_overdue') {
      const task = await this.repo.task(t.subjectId, tx);
      if (!task || task.status !== 'open' || !task.dueAt) return skip;
      [anchor, dealId, taskAssigneeId, taskTitle] = [task.dueAt, task.dealId, task.assigneeId, task.title];
    } else {
      const facts = await this.repo.facts(t.subjectId, tx, true);
      if (!facts || facts.status !== 'open') return skip;
      if (trig.stageKey && facts.stageKey !== trig.stageKey) return skip;
      anchor = trig.timer === 'no_contact' ? (facts.lastContactAt ?? facts.createdAt) : facts.stageEnteredAt;
      if (minutes === null) minutes = facts.stageLimitHours ? facts.stageLimitHours * 60 : null;
      if (minutes === null) return skip;
      dealId = facts.id;
    }
    const due = new Date(new Date(anchor).getTime() + minutes! * 60_000);
    if (due > now) return { anchor, dueAt: due, acted: false };
    const trigger: Trigger = {
      event: `timer.${trig.timer}`,
      dealId,
      causeKey: `timer:${trig.timer}:${t.subjectId}:${new Date(anchor).toISOString()}`,
      data: {},
      chain: [],
      taskAssigneeId,
      taskTitle,
    };
    const fired = { rule, trigger };
    onFire?.(fired);
    const acted = await this.engine.evaluate(rule, trigger, tx, pending, after);
    return { anchor, dueAt: null, acted, fired };
  }
}
