import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { AutomationRepository, type DealFacts, type RuleRecord } from './automation.repository';
import { Coalescer } from './coalescer';
import { matches } from './rule-catalog';
import { RuleActions } from './rule-actions';
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
}

const MAX_CHAIN = 8;

/** The cause was recorded meanwhile: the rule's transaction rolls back, nothing acted twice. */
export class AlreadyHandled extends Error {}

@Injectable()
export class AutomationEngine {
  private readonly logger = new Logger(AutomationEngine.name);
  /** Which rules caused an emitted event payload (the bus hands listeners the same object). */
  private readonly chains = new WeakMap<object, string[]>();
  /** First looks of events handled at the same time share one query. */
  private readonly firstLook: Coalescer<string, DealFacts | null>;

  constructor(
    private readonly rules: RulesService,
    private readonly repo: AutomationRepository,
    private readonly actions: RuleActions,
    private readonly clock: Clock,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
  ) {
    this.firstLook = new Coalescer(async (ids) => {
      const found = await this.repo.factsOfMany(ids);
      return (id) => found.get(id) ?? null;
    });
  }

  chainOf(payload: object): string[] {
    return this.chains.get(payload) ?? [];
  }

  /** Runs every enabled rule listening to this event, each in its own transaction. */
  async handle(trigger: Trigger): Promise<number> {
    if (!trigger.dealId) return 0;
    const rules = this.rules.forEvent(trigger.event).filter((r) => !trigger.chain.includes(r.id));
    if (!rules.length) return 0;
    if (trigger.chain.length >= MAX_CHAIN) {
      this.logger.warn(`deal ${trigger.dealId}: rule chain ${trigger.chain.join(' > ')} stopped at ${MAX_CHAIN}`);
      return 0;
    }
    // One unlocked look for all the trigger's rules; no transaction at all unless one matches.
    // The locked re-check happens in the rule's own transaction.
    const facts = await this.firstLook.load(trigger.dealId);
    if (!facts) return 0;
    let acted = 0;
    for (const rule of rules) {
      if (!matches(rule.conditions, this.values(facts, trigger))) continue;
      if (await this.runAlone(rule, trigger)) acted++;
    }
    return acted;
  }

  /**
   * In the caller's transaction: locks the deal and, in the same statement, reads its facts and
   * whether (rule, cause) already ran; re-checks the conditions, acts, and records the run. False
   * when the conditions fail or the cause was already handled. Every run of a deal's cause is
   * written under the deal's lock, so the check cannot race; the unique (rule, cause) key stays
   * the backstop (AlreadyHandled rolls the transaction back).
   */
  async evaluate(rule: RuleRecord, trigger: Trigger, tx: Tx, pending: PendingEvents, after: (() => void)[]): Promise<boolean> {
    if (!trigger.dealId) return false;
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

  /** Publishes what a rule's transaction decided, marking the events as caused by `chain`. */
  publish(pending: PendingEvents, after: (() => void)[], chain: string[]): void {
    const bus = this.events;
    const chains = this.chains;
    const marking = {
      emit: (event: never, payload: never) => {
        chains.set(payload as object, chain);
        bus.emit(event, payload);
      },
    };
    pending.publish(marking as unknown as DomainEvents);
    for (const push of after) push();
  }

  async recordFailure(rule: RuleRecord, trigger: Trigger, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    this.logger.error(`rule ${rule.id} failed on deal ${trigger.dealId} (${trigger.causeKey}): ${message}`);
    await this.repo.recordFailure(rule.id, trigger.causeKey, trigger.dealId, message).catch(() => undefined);
  }

  private async runAlone(rule: RuleRecord, trigger: Trigger): Promise<boolean> {
    const pending = new PendingEvents();
    const after: (() => void)[] = [];
    try {
      const acted = await this.tx.run((tx) => this.evaluate(rule, trigger, tx, pending, after));
      if (acted) this.publish(pending, after, [...trigger.chain, rule.id]);
      return acted;
    } catch (err) {
      if (!(err instanceof AlreadyHandled)) await this.recordFailure(rule, trigger, err);
      return false;
    }
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
