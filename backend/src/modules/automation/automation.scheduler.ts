import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions } from '../../common/database/transactions';
import { PendingEvents } from '../../common/events/pending-events';
import { ENV, type Env } from '../../config/env';
import { AutomationEngine, type Trigger } from './automation.engine';
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
    while (!this.stopping && n < 5000 && (await this.fireOne(now))) n++;
    return n;
  }

  private async fireOne(now: Date): Promise<boolean> {
    const pending = new PendingEvents();
    const after: (() => void)[] = [];
    let claimed: DueTimer | null = null;
    let fired: { rule: RuleRecord; trigger: Trigger } | null = null;
    let acted = false;
    try {
      const found = await this.tx.run(async (tx) => {
        const t = (claimed = await this.timers.claimDue(now, tx));
        if (!t) return false;
        const rule = this.rules.byId(t.ruleId);
        if (!rule?.enabled || rule.trigger.type !== 'timer') {
          await this.timers.done(t, t.anchor, tx);
          return true;
        }
        const trig = rule.trigger;
        let minutes = timerMinutes(trig);
        let anchor: Date;
        let dealId: string | null;
        let taskAssigneeId: string | null | undefined;
        if (trig.timer === 'task_overdue') {
          const task = await this.repo.task(t.subjectId, tx);
          if (!task || task.status !== 'open' || !task.dueAt || !task.dealId) return this.done(t, t.anchor, tx);
          [anchor, dealId, taskAssigneeId] = [task.dueAt, task.dealId, task.assigneeId];
        } else {
          const facts = await this.repo.facts(t.subjectId, tx, true);
          if (!facts || facts.status !== 'open') return this.done(t, t.anchor, tx);
          if (trig.stageKey && facts.stageKey !== trig.stageKey) return this.done(t, t.anchor, tx);
          anchor = trig.timer === 'no_contact' ? (facts.lastContactAt ?? facts.createdAt) : facts.stageEnteredAt;
          if (minutes === null) minutes = facts.stageLimitHours ? facts.stageLimitHours * 60 : null;
          if (minutes === null) return this.done(t, t.anchor, tx);
          dealId = facts.id;
        }
        const due = new Date(new Date(anchor).getTime() + minutes! * 60_000);
        // The anchor moved on (a contact, a new stage, a new due time): wait for the new time.
        if (due > now) {
          await this.timers.rearm(t, anchor, due, tx);
          return true;
        }
        const trigger: Trigger = {
          event: `timer.${trig.timer}`,
          dealId,
          causeKey: `timer:${trig.timer}:${t.subjectId}:${new Date(anchor).toISOString()}`,
          data: {},
          chain: [],
          taskAssigneeId,
        };
        fired = { rule, trigger };
        acted = await this.engine.evaluate(rule, trigger, tx, pending, after);
        return this.done(t, anchor, tx);
      });
      if (acted && fired) this.engine.publish(pending, after, [(fired as { rule: RuleRecord }).rule.id]);
      return found;
    } catch (err) {
      // A failing rule must not block its timer forever: record it and move on.
      const t = claimed as DueTimer | null;
      if (!t) throw err;
      const f = fired as { rule: RuleRecord; trigger: Trigger } | null;
      if (f) await this.engine.recordFailure(f.rule, f.trigger, err);
      else this.logger.error(`timer of rule ${t.ruleId} on ${t.subjectId} failed`, err instanceof Error ? err.stack : err);
      await this.tx.run((tx) => this.timers.done(t, t.anchor, tx));
      return true;
    }
  }

  private async done(t: DueTimer, anchor: Date, tx: Parameters<TimersRepository['done']>[2]): Promise<true> {
    await this.timers.done(t, anchor, tx);
    return true;
  }
}
