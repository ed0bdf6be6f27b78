import { Injectable, Logger } from '@nestjs/common';
import type { AutomationCatalog, CreateRuleRequest, Rule, RuleAction, RuleRun, UpdateRuleRequest } from '@callboard/contracts';
import { ConditionOp, RuleEvent, RuleTimer } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { AppException } from '../../common/errors/app.exception';
import { AutomationRepository, type RuleRecord } from './automation.repository';
import { checkConditions, EVENT_LABELS, FIELDS, summarize, TIMER_LABELS } from './rule-catalog';
import { TimersRepository } from './timers.repository';

/** Rules as data: what a Head sees and edits, and the cache the engine reads. */
@Injectable()
export class RulesService {
  private readonly logger = new Logger(RulesService.name);
  private cache: RuleRecord[] = [];
  private stageNames = new Map<string, string>();
  /** Stage and user names by id, for summaries. */
  private namesById = new Map<string, string>();
  private stageKeys = new Map<string, string | null>();
  /** `${pipelineId}:${systemKey}` → stage id, for move_stage actions. */
  private stageIds = new Map<string, string>();
  /** Enabled event rules by event, in rule order: the engine's pre-filter. */
  private byEvent = new Map<string, RuleRecord[]>();
  private timerRuleCache: RuleRecord[] = [];

  constructor(
    private readonly repo: AutomationRepository,
    private readonly timers: TimersRepository,
  ) {}

  /** Reloads the rules (at boot, after an edit, and on every scheduler pass for other instances' edits). */
  async reload(): Promise<void> {
    const [rules, names, stages, byId] = await Promise.all([this.repo.listRules(), this.repo.stageNamesByKey(), this.repo.stageKeys(), this.repo.namesById()]);
    this.cache = rules;
    this.namesById = new Map(byId.map((n) => [n.id, n.name]));
    this.stageNames = new Map(names.map((s) => [s.key, s.name]));
    this.stageKeys = new Map(stages.map((s) => [s.id, s.key]));
    this.stageIds = new Map(stages.filter((s) => s.key).map((s) => [`${s.pipelineId}:${s.key}`, s.id]));
    const byEvent = new Map<string, RuleRecord[]>();
    for (const r of rules) {
      if (!r.enabled || r.trigger.type !== 'event') continue;
      byEvent.set(r.trigger.event, [...(byEvent.get(r.trigger.event) ?? []), r]);
    }
    this.byEvent = byEvent;
    this.timerRuleCache = rules.filter((r) => r.enabled && r.trigger.type === 'timer');
  }

  /** Enabled rules listening to this event (cached; rebuilt on every reload). */
  forEvent(event: string): readonly RuleRecord[] {
    return this.byEvent.get(event) ?? [];
  }

  /** Enabled timer rules (cached). */
  timerRules(): readonly RuleRecord[] {
    return this.timerRuleCache;
  }

  /** A system stage's id in a pipeline, from the cache; undefined when the cache does not know it. */
  stageIdByKey(pipelineId: string, key: string): string | undefined {
    return this.stageIds.get(`${pipelineId}:${key}`);
  }

  /** A stage's system key, from the cache reloaded on every scheduler pass and pipeline change. */
  stageKey(stageId: string): string | null {
    return this.stageKeys.get(stageId) ?? null;
  }

  enabled(): RuleRecord[] {
    return this.cache.filter((r) => r.enabled);
  }

  byId(id: string): RuleRecord | undefined {
    return this.cache.find((r) => r.id === id);
  }

  async list(): Promise<Rule[]> {
    await this.reload();
    return this.cache.map((r) => this.present(r));
  }

  async get(id: string): Promise<Rule> {
    return this.present(await this.findOrThrow(id));
  }

  async runs(id: string, limit = 100): Promise<RuleRun[]> {
    await this.findOrThrow(id);
    return this.repo.runs(id, limit);
  }

  async create(actor: Actor, input: CreateRuleRequest): Promise<Rule> {
    const rule = { ...input, position: input.position ?? (await this.repo.nextPosition()) };
    await this.validate(rule);
    const id = await this.repo.insertRule(rule, actor.id);
    this.logger.log(`rule ${id} created by ${actor.id}`);
    await this.afterChange(id, true);
    return this.get(id);
  }

  async update(actor: Actor, id: string, input: UpdateRuleRequest): Promise<Rule> {
    const current = await this.findOrThrow(id);
    const next: RuleRecord = { ...current, ...input };
    await this.validate(next);
    await this.repo.updateRule(id, next);
    this.logger.log(`rule ${id} updated by ${actor.id}${input.enabled !== undefined ? ` (enabled=${input.enabled})` : ''}`);
    const timing = JSON.stringify(current.trigger) !== JSON.stringify(next.trigger) || current.enabled !== next.enabled;
    await this.afterChange(id, timing);
    return this.get(id);
  }

  catalog(): AutomationCatalog {
    return {
      events: RuleEvent.options.map((event) => ({ event, label: EVENT_LABELS[event] })),
      timers: RuleTimer.options.map((timer) => ({ timer, label: TIMER_LABELS[timer] })),
      fields: Object.entries(FIELDS).map(([field, d]) => ({ field, label: d.label, type: d.type, ...(d.events ? { events: d.events } : {}) })),
      ops: ConditionOp.options,
      actions: ['move_stage', 'assign', 'create_task', 'set_field', 'notify', 'email'],
    };
  }

  /** Arms a timer rule's timers for every open deal or task (boot, enable, edit). */
  async arm(rule: RuleRecord): Promise<number> {
    if (!rule.enabled || rule.trigger.type !== 'timer') return 0;
    return rule.trigger.timer === 'task_overdue' ? this.timers.armTasks(rule.id, rule.trigger, null) : this.timers.armDeals(rule.id, rule.trigger, null);
  }

  private async afterChange(id: string, timing: boolean): Promise<void> {
    await this.reload();
    const rule = this.byId(id);
    if (!rule || !timing) return;
    await this.timers.dropRule(id);
    const armed = await this.arm(rule);
    if (armed) this.logger.log(`rule ${id} armed ${armed} timer(s)`);
  }

  private present(r: RuleRecord): Rule {
    return { ...r, summary: summarize(r, (k) => this.stageNames.get(k) ?? k, (id) => this.namesById.get(id)) };
  }

  private async findOrThrow(id: string): Promise<RuleRecord> {
    const rule = await this.repo.findRule(id);
    if (!rule) throw new AppException('RULE_NOT_FOUND', 'No such rule');
    return rule;
  }

  /** The checks zod cannot make: fields that exist, stages and users that exist. Nothing is saved on failure. */
  private async validate(rule: Pick<RuleRecord, 'trigger' | 'conditions' | 'actions'>): Promise<void> {
    const problems = checkConditions(rule.trigger, rule.conditions);
    if (problems.length) {
      const first = problems[0];
      throw new AppException(first.code, `Invalid rule: ${first.message}`, problems.map(({ path, message }) => ({ path, message })));
    }
    const keys = new Set((await this.repo.stageNamesByKey()).map((s) => s.key));
    const bad = (path: (string | number)[], message: string) => new AppException('RULE_INVALID', `Invalid rule: ${message}`, [{ path, message }]);
    if (rule.trigger.type === 'timer' && rule.trigger.stageKey && !keys.has(rule.trigger.stageKey)) {
      throw bad(['trigger', 'stageKey'], `no stage has the key "${rule.trigger.stageKey}"`);
    }
    for (const [i, a] of rule.actions.entries()) await this.checkAction(a, i, keys, bad);
    await this.checkOutcomes(rule.conditions, bad);
  }

  /** "wrap-up outcome is ...": each value must be one of the Head's outcomes (a rule that can never match is refused). */
  private async checkOutcomes(conditions: RuleRecord['conditions'], bad: (path: (string | number)[], message: string) => AppException): Promise<void> {
    const used = conditions.map((c, i) => ({ c, i })).filter(({ c }) => c.field === 'event.outcome' && c.value !== undefined);
    if (!used.length) return;
    const known = new Set(await this.repo.wrapUpOutcomes());
    for (const { c, i } of used) {
      const unknown = (Array.isArray(c.value) ? c.value : [c.value]).find((v) => typeof v !== 'string' || !known.has(v));
      if (unknown !== undefined) throw bad(['conditions', i, 'value'], `"${String(unknown)}" is not one of the wrap-up outcomes`);
    }
  }

  private async checkAction(
    a: RuleAction,
    i: number,
    keys: Set<string>,
    bad: (path: (string | number)[], message: string) => AppException,
  ): Promise<void> {
    if (a.type === 'move_stage') {
      if (a.stageKey && !keys.has(a.stageKey)) throw bad(['actions', i, 'stageKey'], `no stage has the key "${a.stageKey}"`);
      if (a.stageId && !(await this.repo.stageExists(a.stageId))) throw bad(['actions', i, 'stageId'], 'no such stage');
    }
    const userId = a.type === 'assign' ? a.userId : a.type === 'create_task' ? a.assignTo : a.type === 'notify' || a.type === 'email' ? a.to : null;
    if (userId && /^[0-9a-f-]{36}$/i.test(userId) && !(await this.repo.activeUserExists(userId))) {
      throw bad(['actions', i], 'the user must be an active user');
    }
  }
}
