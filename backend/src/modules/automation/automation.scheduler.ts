import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions, type Tx } from '../../common/database/transactions';
import { PendingEvents } from '../../common/events/pending-events';
import { ENV, type Env } from '../../config/env';
import { AlreadyHandled, AutomationEngine, type Group, type Publication, type Trigger } from './automation.engine';
import { AutomationRepository, type DealFacts, type RuleRecord } from './automation.repository';
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
   * Up to BATCH due timers in one transaction: one claim, one locked read of all their deals,
   * each timer's check and rule (deal changes applied together, runs recorded in one insert),
   * one statement settling them all. If any of them throws, the whole batch rolls back and is
   * redone one timer per transaction, where a failure is recorded against its own timer.
   */
  private async fireBatch(now: Date): Promise<number> {
    const fired: Publication[] = [];
    let size = 0;
    try {
      const n = await this.tx.run(async (tx) => {
        const batch = await this.timers.claimDueBatch(now, BATCH, tx);
        size = batch.length;
        if (!batch.length) return 0;
        const dealTimers = batch.filter((t) => {
          const rule = this.rules.byId(t.ruleId);
          return rule?.trigger.type === 'timer' && rule.trigger.timer !== 'task_overdue';
        });
        // Timers are not in a hurry: wait for deals another transaction holds, in id order.
        const { facts } = await this.repo.lockFacts(
          dealTimers.map((t) => t.subjectId),
          [],
          tx,
          true,
        );
        const group = this.engine.openGroup(facts, tx);
        const outcomes: { t: DueTimer; anchor: Date; dueAt: Date | null }[] = [];
        for (const t of batch) {
          const o = dealTimers.includes(t) ? await this.decideInGroup(t, now, group, tx, fired) : await this.decideAlone(t, now, tx, fired);
          outcomes.push({ t, anchor: o.anchor, dueAt: o.dueAt });
        }
        await this.engine.settle(group, tx);
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

  /** A deal timer inside a batch: its anchor from the group's facts, its rule through the group. */
  private async decideInGroup(t: DueTimer, now: Date, group: Group, tx: Tx, fired: Publication[]): Promise<{ anchor: Date; dueAt: Date | null }> {
    const skip = { anchor: t.anchor, dueAt: null };
    const rule = this.rules.byId(t.ruleId);
    if (!rule?.enabled) return skip;
    const facts = await this.engine.factsIn(group, t.subjectId, tx);
    const timing = facts && this.timing(rule, facts);
    if (!timing) return skip;
    const { anchor, due } = timing;
    if (due > now) return { anchor, dueAt: due };
    const pub = await this.engine.tryRule(rule, this.triggerOf(rule, t, anchor), group, tx);
    if (pub) fired.push(pub);
    return { anchor, dueAt: null };
  }

  /** A task timer inside a batch: on its own, as before. */
  private async decideAlone(t: DueTimer, now: Date, tx: Tx, fired: Publication[]): Promise<{ anchor: Date; dueAt: Date | null }> {
    const pending = new PendingEvents();
    const after: (() => void)[] = [];
    const o = await this.decide(t, now, tx, pending, after);
    if (o.acted && o.fired) fired.push({ pending, after, chain: [o.fired.rule.id] });
    return o;
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

  /** A deal timer's anchor, length and due time from the deal's facts; null when it does not apply (closed, other stage, no limit). */
  private timing(rule: RuleRecord, facts: DealFacts): { anchor: Date; minutes: number; due: Date } | null {
    const trig = rule.trigger;
    if (trig.type !== 'timer' || facts.status !== 'open') return null;
    if (trig.stageKey && facts.stageKey !== trig.stageKey) return null;
    const anchor = trig.timer === 'no_contact' ? (facts.lastContactAt ?? facts.createdAt) : facts.stageEnteredAt;
    const minutes = timerMinutes(trig) ?? (facts.stageLimitHours ? facts.stageLimitHours * 60 : null);
    if (minutes === null) return null;
    return { anchor, minutes, due: new Date(new Date(anchor).getTime() + minutes * 60_000) };
  }

  private triggerOf(rule: RuleRecord, t: DueTimer, anchor: Date): Trigger {
    const kind = rule.trigger.type === 'timer' ? rule.trigger.timer : 'unknown';
    return { event: `timer.${kind}`, dealId: t.subjectId, causeKey: `timer:${kind}:${t.subjectId}:${new Date(anchor).toISOString()}`, data: {}, chain: [] };
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
      const timing = facts && this.timing(rule, facts);
      if (!timing) return skip;
      [anchor, minutes, dealId] = [timing.anchor, timing.minutes, facts.id];
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
