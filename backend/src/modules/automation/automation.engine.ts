import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents, type DomainEventMap } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { DealsService } from '../deals/deals.service';
import { AutomationRepository, causeKeyOf, type DealFacts, type GroupFacts, type RuleRecord, type RunRow } from './automation.repository';
import { EventIntake, RULE_SOURCES, type RuleSource, type Work } from './event-intake';
import { type NewOutboxRow, OutboxRepository } from './outbox.repository';
import { matches } from './rule-catalog';
import { type DealChange, RuleActions } from './rule-actions';
import { RulesService } from './rules.service';

/** Something that may fire rules: an event, or a due timer. */
export interface Trigger {
  /** A RuleEvent, or "timer.<kind>". */
  event: string;
  dealId: string | null;
  /** Unique per cause: a rule acts at most once per (rule, causeKey). */
  causeKey: string;
  /** The event's own fields, seen by conditions as event.<name>. */
  data: Record<string, unknown>;
  /** Rules whose actions led to this trigger; none of them fires again on it (no loops). */
  chain: string[];
  taskAssigneeId?: string | null;
  /** For task timers: the task's title (what "{deal.title}" says for a task with no deal). */
  taskTitle?: string;
}

/** What a rule's actions decided, published after the transaction commits. */
export interface Publication {
  pending: PendingEvents;
  after: (() => void)[];
  chain: string[];
  /** Filled by persistCaused: the domain events, in order. */
  events?: [keyof DomainEventMap, unknown][];
}

const MAX_CHAIN = 8;

/** The cause was recorded meanwhile: the transaction rolls back, nothing acted twice. */
export class AlreadyHandled extends Error {}

/** A group's state in its transaction: facts, deal changes waiting to be applied together, runs to record. */
export class Group {
  readonly queued = new Map<string, { dealId: string; change: DealChange; reason: Record<string, unknown>; pending: PendingEvents }>();
  /** Deals changed in this transaction since their facts were read. */
  readonly dirty = new Set<string>();
  readonly ran = new Set<string>();
  runs: RunRow[] = [];

  constructor(
    readonly facts: Map<string, GroupFacts>,
    private readonly deals: DealsService,
    private readonly tx: Tx,
  ) {}

  /** Applies the queued deal changes: one statement for the rows, one for the timeline. */
  async flush(): Promise<void> {
    if (!this.queued.size) return;
    const items = [...this.queued.values()];
    this.queued.clear();
    await this.deals.changeManyAsSystem(items, this.tx);
  }
}

@Injectable()
export class AutomationEngine {
  private readonly logger = new Logger(AutomationEngine.name);
  /** Which rules caused an emitted event payload (the bus hands listeners the same object). */
  private readonly chains = new WeakMap<object, string[]>();
  /** Payloads already in the outbox (written with their cause): the listener does not add them again. */
  private readonly persisted = new WeakSet<object>();

  constructor(
    private readonly rules: RulesService,
    private readonly repo: AutomationRepository,
    private readonly actions: RuleActions,
    private readonly deals: DealsService,
    private readonly intake: EventIntake,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
  ) {}

  chainOf(payload: object): string[] {
    return this.chains.get(payload) ?? [];
  }

  isPersisted(payload: object): boolean {
    return this.persisted.has(payload);
  }

  markPersisted(payload: object): void {
    this.persisted.add(payload);
  }

  /**
   * The rules of a group of events, in the caller's transaction: one statement reads and locks
   * every deal concerned (with the runs already recorded for their causes), deal changes are
   * applied together, all runs are recorded in one statement. Events of a deal another
   * transaction holds are left for later: their indexes are returned. Any failure throws (the
   * caller rolls back and redoes the events one by one with `isolate`, where each rule runs in a
   * savepoint and a failing rule is recorded against its own cause).
   */
  async runGroup(works: Work[], rowIds: string[], tx: Tx, out: Publication[], isolate = false): Promise<Set<number>> {
    const plans = works.map((w) => w.triggers.map((t) => ({ t, rules: this.candidates(t) })));
    const claims = plans.flat().flatMap(({ t, rules }) => rules.map((r) => ({ dealId: t.dealId!, ruleId: r.id, causeKey: t.causeKey })));
    const { facts, busy } = await this.repo.lockFacts(
      claims.map((c) => c.dealId),
      claims,
      tx,
      isolate,
    );
    const group = new Group(facts, this.deals, tx);
    const later = new Set<number>();
    for (const [i, plan] of plans.entries()) {
      if (plan.some(({ t }) => t.dealId && busy.has(t.dealId))) {
        later.add(i);
        continue;
      }
      for (const { t, rules } of plan) {
        for (const rule of rules) {
          if (!isolate) {
            const pub = await this.tryRule(rule, t, group, tx);
            if (pub) out.push(pub);
            continue;
          }
          const db = this.tx.db(tx);
          await db.rows('SAVEPOINT rule');
          try {
            const pub = await this.tryRule(rule, t, group, tx);
            await this.settle(group, tx);
            await db.rows('RELEASE SAVEPOINT rule');
            if (pub) out.push(pub);
          } catch (err) {
            await db.rows('ROLLBACK TO SAVEPOINT rule');
            group.queued.clear();
            group.runs = [];
            if (t.dealId) group.dirty.add(t.dealId);
            if (!(err instanceof AlreadyHandled)) await this.recordFailure(rule, t, err, tx);
          }
        }
      }
    }
    await this.finish(
      group,
      out,
      rowIds.filter((_, i) => !later.has(i)),
      tx,
    );
    return later;
  }

  /** Applies what is queued, then one statement: the runs, the caused events into the outbox, the handled rows out of it. */
  private async finish(g: Group, pubs: Publication[], handled: string[], tx: Tx): Promise<void> {
    await g.flush();
    const runs = g.runs;
    g.runs = [];
    if ((await this.repo.finishGroup(runs, this.collectCaused(pubs), handled, tx)) < runs.length) {
      throw new AlreadyHandled(runs.map((r) => r.causeKey).join(', '));
    }
  }

  /**
   * In the caller's transaction, one rule alone (the timer workers): locks the deal and, in the
   * same statement, reads its facts and whether (rule, cause) already ran; re-checks the
   * conditions, acts, and records the run. False when the conditions fail or the cause was
   * already handled; the unique (rule, cause) key stays the backstop (AlreadyHandled rolls back).
   */
  async evaluate(rule: RuleRecord, trigger: Trigger, tx: Tx, pending: PendingEvents, after: (() => void)[]): Promise<boolean> {
    if (!trigger.dealId) return trigger.taskAssigneeId !== undefined ? this.evaluateWithoutDeal(rule, trigger, tx, pending, after) : false;
    const facts = await this.repo.facts(trigger.dealId, tx, true, { ruleId: rule.id, causeKey: trigger.causeKey });
    if (!facts || facts.claimed || !matches(rule.conditions, this.values(facts, trigger))) return false;
    const done: Record<string, unknown>[] = [];
    for (const action of rule.actions) {
      done.push(await this.actions.run(action, { rule, facts, taskAssigneeId: trigger.taskAssigneeId }, tx, pending, after));
    }
    if (!(await this.repo.recordRun(rule.id, trigger.causeKey, facts.id, done, tx))) throw new AlreadyHandled(trigger.causeKey);
    this.logger.debug(`rule ${rule.id} acted on deal ${facts.id} (${trigger.causeKey})`);
    return true;
  }

  /**
   * A task timer on a task with no deal: a condition on a deal field is false, actions that need
   * a deal are skipped (the run says why), the others act for the task's assignee.
   */
  private async evaluateWithoutDeal(rule: RuleRecord, trigger: Trigger, tx: Tx, pending: PendingEvents, after: (() => void)[]): Promise<boolean> {
    if (rule.conditions.some((c) => c.field.startsWith('deal.'))) return false;
    const values = Object.fromEntries(Object.entries(trigger.data).map(([k, v]) => [`event.${k}`, v]));
    if (!matches(rule.conditions, values)) return false;
    const ctx = { rule, assigneeId: trigger.taskAssigneeId ?? null, taskTitle: trigger.taskTitle ?? '' };
    const done: Record<string, unknown>[] = [];
    for (const action of rule.actions) done.push(await this.actions.runWithoutDeal(action, ctx, tx, pending, after));
    if (!(await this.repo.recordRun(rule.id, trigger.causeKey, null, done, tx))) throw new AlreadyHandled(trigger.causeKey);
    return true;
  }

  /**
   * Before commit: takes the domain events the publications decided and writes those the engine
   * will handle into the outbox, in the same transaction (so a rule's consequences survive a
   * crash exactly like its cause). publish() emits them after the commit.
   */
  async persistCaused(pubs: Publication[], tx: Tx): Promise<void> {
    await this.outbox.insert(this.collectCaused(pubs), tx);
  }

  /** Takes the publications' domain events (kept for publish()) and returns the outbox rows for those the engine handles. */
  private collectCaused(pubs: Publication[]): NewOutboxRow[] {
    const rows: NewOutboxRow[] = [];
    for (const pub of pubs) {
      if (pub.events) continue;
      const events: [keyof DomainEventMap, unknown][] = [];
      pub.pending.publish({ emit: (event: keyof DomainEventMap, payload: unknown) => events.push([event, payload]) } as unknown as DomainEvents);
      pub.events = events;
      for (const [event, payload] of events) {
        if (!(RULE_SOURCES as readonly string[]).includes(event)) continue;
        const row = this.intake.rowOf(event as RuleSource, payload as never, pub.chain);
        if (!row) continue;
        rows.push(row);
        this.persisted.add(payload as object);
      }
    }
    return rows;
  }

  /** After commit: emits what the publications decided, marking the events as caused by their chain. */
  publish(pubs: Publication[]): void {
    for (const pub of pubs) {
      for (const [event, payload] of pub.events ?? []) {
        this.chains.set(payload as object, pub.chain);
        this.events.emit(event, payload as never);
      }
      for (const push of pub.after) push();
    }
  }

  async recordFailure(rule: RuleRecord, trigger: Trigger, err: unknown, tx?: Tx): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    this.logger.error(`rule ${rule.id} failed on deal ${trigger.dealId} (${trigger.causeKey}): ${message}`);
    await this.repo.recordFailure(rule.id, trigger.causeKey, trigger.dealId, message, tx).catch(() => undefined);
  }

  /** A group over deals already locked by the caller (the timer workers' batches). */
  openGroup(facts: Map<string, GroupFacts>, tx: Tx): Group {
    return new Group(facts, this.deals, tx);
  }

  /** The deal's facts as the group's transaction sees them now (read again if a rule of the group changed it). */
  async factsIn(g: Group, dealId: string, tx: Tx): Promise<GroupFacts | null> {
    const known = g.facts.get(dealId);
    if (!known || !g.dirty.has(dealId)) return known ?? null;
    await g.flush();
    const fresh = await this.repo.facts(dealId, tx);
    g.dirty.delete(dealId);
    if (!fresh) {
      g.facts.delete(dealId);
      return null;
    }
    const facts = { ...fresh, claims: known.claims };
    g.facts.set(dealId, facts);
    return facts;
  }

  /** Enabled rules listening to the trigger, except those that caused it. */
  private candidates(t: Trigger): RuleRecord[] {
    if (!t.dealId) return [];
    const rules = this.rules.forEvent(t.event).filter((r) => !t.chain.includes(r.id));
    if (rules.length && t.chain.length >= MAX_CHAIN) {
      this.logger.warn(`deal ${t.dealId}: rule chain ${t.chain.join(' > ')} stopped at ${MAX_CHAIN}`);
      return [];
    }
    return rules;
  }

  /** One rule on one trigger inside a group: acts when its conditions hold on the deal as it is now. */
  async tryRule(rule: RuleRecord, t: Trigger, g: Group, tx: Tx): Promise<Publication | null> {
    const dealId = t.dealId!;
    let facts = g.facts.get(dealId);
    const key = `${rule.id}|${causeKeyOf(t.causeKey)}`;
    if (!facts || facts.claims.includes(key) || g.ran.has(key) || !matches(rule.conditions, this.values(facts, t))) return null;
    if (g.dirty.has(dealId)) {
      // An earlier rule of this group changed the deal: look again (it is locked already).
      facts = (await this.factsIn(g, dealId, tx)) ?? undefined;
      if (!facts || !matches(rule.conditions, this.values(facts, t))) return null;
    }
    const pub: Publication = { pending: new PendingEvents(), after: [], chain: [...t.chain, rule.id] };
    const ctx = { rule, facts, taskAssigneeId: t.taskAssigneeId };
    const reason = { ruleId: rule.id, ruleName: rule.name };
    const done: Record<string, unknown>[] = [];
    for (const action of rule.actions) {
      const planned = await this.actions.dealChange(action, ctx, tx);
      if (!planned) {
        done.push(await this.actions.run(action, ctx, tx, pub.pending, pub.after));
        continue;
      }
      if (planned.change) {
        if (g.queued.has(dealId)) await g.flush();
        g.queued.set(dealId, { dealId, change: planned.change, reason, pending: pub.pending });
      }
      done.push(planned.done);
    }
    g.ran.add(key);
    g.dirty.add(dealId);
    g.runs.push({ ruleId: rule.id, causeKey: t.causeKey, dealId, actions: done });
    this.logger.debug(`rule ${rule.id} acted on deal ${dealId} (${t.causeKey})`);
    return pub;
  }

  /** Applies what is queued and records the runs; a cause recorded meanwhile rolls the whole group back. */
  async settle(g: Group, tx: Tx): Promise<void> {
    await g.flush();
    const runs = g.runs;
    g.runs = [];
    if (runs.length && (await this.repo.recordRuns(runs, tx)) < runs.length) throw new AlreadyHandled(runs.map((r) => r.causeKey).join(', '));
  }

  /** What conditions see: deal.<field> and event.<field>. */
  private values(f: DealFacts, trigger: Trigger): Record<string, unknown> {
    const v: Record<string, unknown> = {
      'deal.pipelineId': f.pipelineId,
      'deal.stageId': f.stageId,
      'deal.stageKey': f.stageKey,
      'deal.stageGroup': f.stageGroup,
      'deal.ownerId': f.ownerId,
      'deal.status': f.status,
      'deal.source': f.source,
      'deal.qualification': f.qualification,
      'deal.amount': f.amount,
      'deal.currency': f.currency,
      'deal.missed': f.missed,
      'deal.contactClass': f.contactClass,
      'deal.completedTasks': f.completedTasks,
      'deal.openTasks': f.openTasks,
      'deal.attempts': f.attempts,
      'deal.unansweredAttempts': f.unansweredAttempts,
      'deal.conversations': f.conversations,
      'deal.meetings': f.meetings,
      'deal.offersSent': f.offersSent,
      'deal.hoursInStage': Math.floor((this.clock.now().getTime() - new Date(f.stageEnteredAt).getTime()) / 3_600_000),
    };
    for (const [k, value] of Object.entries(trigger.data)) v[`event.${k}`] = value;
    return v;
  }
}
