import { Injectable } from '@nestjs/common';
import type { RuleAction } from '@callboard/contracts';
import { Clock } from '../../common/clock/clock';
import type { Tx } from '../../common/database/transactions';
import type { PendingEvents } from '../../common/events/pending-events';
import type { Words } from '../../i18n/catalogue';
import { ruleTextIn } from '../../i18n/default-words';
import { DealsService } from '../deals/deals.service';
import { Translator } from '../i18n/translator.service';
import { NotificationsService } from '../notifications/notifications.service';
import { TasksService } from '../tasks/tasks.service';
import { AutomationRepository, type DealFacts, type RuleRecord } from './automation.repository';
import { RulesService } from './rules.service';

/** A change of the deal's own fields, as DealsService.changeAs takes it. */
export type DealChange = Parameters<DealsService['changeAs']>[2];

export interface ActionContext {
  rule: RuleRecord;
  facts: DealFacts;
  /** For task timers: the task's assignee, who "owner" means there. */
  taskAssigneeId?: string | null;
}

/** Carries out one action as the system, in the rule's transaction; says what it did. */
@Injectable()
export class RuleActions {
  constructor(
    private readonly deals: DealsService,
    private readonly tasks: TasksService,
    private readonly notifications: NotificationsService,
    private readonly repo: AutomationRepository,
    private readonly rules: RulesService,
    private readonly clock: Clock,
    private readonly translator: Translator,
  ) {}

  /**
   * For the actions that change the deal itself (move, assign, set a field): the change and what
   * to record, without applying it, so a group of events can apply them together. Null for the
   * other actions.
   */
  async dealChange(a: RuleAction, ctx: ActionContext, tx: Tx): Promise<{ change: DealChange | null; done: Record<string, unknown> } | null> {
    const { facts } = ctx;
    switch (a.type) {
      case 'move_stage': {
        const cached = a.stageId ?? this.rules.stageIdByKey(facts.pipelineId, a.stageKey!);
        const stage = cached ? { id: cached } : await this.repo.stageByKey(facts.pipelineId, a.stageKey!, tx);
        if (!stage) throw new Error(`the deal's pipeline has no stage "${a.stageKey}"`);
        if (stage.id === facts.stageId) return { change: null, done: { type: a.type, skipped: 'already in that stage' } };
        return {
          change: { stageId: stage.id, ...(a.lostReason ? { lostReason: a.lostReason } : {}) },
          done: { type: a.type, fromStageId: facts.stageId, toStageId: stage.id, lostReason: a.lostReason ?? null },
        };
      }
      case 'assign':
        return { change: { ownerId: a.userId }, done: { type: a.type, ownerId: a.userId } };
      case 'set_field': {
        const value = a.field === 'missed' ? Boolean(a.value) : a.value === null ? null : String(a.value);
        return { change: { [a.field]: value }, done: { type: a.type, field: a.field, value } };
      }
      default:
        return null;
    }
  }

  /** An action for a task with no deal (task timers): those that need a deal are skipped, saying why. */
  async runWithoutDeal(
    a: RuleAction,
    ctx: { rule: RuleRecord; assigneeId: string | null; taskTitle: string },
    tx: Tx,
    pending: PendingEvents,
    after: (() => void)[],
  ): Promise<Record<string, unknown>> {
    const { rule } = ctx;
    const text = (t: string, w: Words) => fillFor(ruleTextIn(t, w.language), { 'deal.title': ctx.taskTitle, 'rule.name': ruleTextIn(rule.name, w.language) });
    switch (a.type) {
      case 'move_stage':
      case 'assign':
      case 'set_field':
        return { type: a.type, skipped: 'the task has no deal' };
      case 'create_task': {
        const assigneeId = a.assignTo === 'owner' ? ctx.assigneeId : a.assignTo;
        const dueAt = new Date(this.clock.now().getTime() + a.dueInHours * 3_600_000);
        const reason = { ruleId: rule.id, ruleName: rule.name };
        const title = await this.taskTitle(a.title);
        const taskId = await this.tasks.createAsSystem({ title, type: a.taskType, dueAt, assigneeId, dealId: null, contactId: null }, tx, pending, reason);
        return { type: a.type, taskId, dueAt: dueAt.toISOString(), assigneeId };
      }
      case 'notify': {
        const userIds = await this.notifications.userIds(a.to, ctx.assigneeId, tx);
        const notice = (w: Words) => ({ title: ruleTextIn(rule.name, w.language), body: text(a.message, w) });
        after.push(await this.notifications.notify(userIds, { text: notice, dealId: null, ruleId: rule.id }, tx));
        return { type: a.type, userIds };
      }
      case 'email': {
        const mail = (w: Words) => ({ subject: text(a.subject, w), body: text(a.body, w) });
        const to = await this.notifications.email(a.to, ctx.assigneeId, { text: mail, ruleId: rule.id, dealId: null }, tx);
        return { type: a.type, to };
      }
      default: {
        const never: never = a;
        return never;
      }
    }
  }

  /** A task is everyone's: a default title still as installed is in the team's language. */
  private async taskTitle(title: string): Promise<string> {
    return ruleTextIn(title, (await this.translator.teamWords()).language);
  }

  async run(a: RuleAction, ctx: ActionContext, tx: Tx, pending: PendingEvents, after: (() => void)[]): Promise<Record<string, unknown>> {
    const { rule, facts } = ctx;
    const reason = { ruleId: rule.id, ruleName: rule.name };
    const owner = ctx.taskAssigneeId ?? facts.ownerId;
    switch (a.type) {
      case 'move_stage':
      case 'assign':
      case 'set_field': {
        const planned = (await this.dealChange(a, ctx, tx))!;
        if (planned.change) await this.deals.changeAs(null, facts.id, planned.change, tx, pending, reason);
        return planned.done;
      }
      case 'create_task': {
        const assigneeId = a.assignTo === 'owner' ? owner : a.assignTo;
        const dueAt = new Date(this.clock.now().getTime() + a.dueInHours * 3_600_000);
        const taskId = await this.tasks.createAsSystem(
          { title: await this.taskTitle(a.title), type: a.taskType, dueAt, assigneeId, dealId: facts.id, contactId: facts.contactId },
          tx,
          pending,
          reason,
        );
        return { type: a.type, taskId, dueAt: dueAt.toISOString(), assigneeId };
      }
      case 'notify': {
        const userIds = await this.notifications.userIds(a.to, owner, tx);
        const notice = (w: Words) => ({ title: ruleTextIn(rule.name, w.language), body: fill(a.message, facts, rule, w) });
        after.push(await this.notifications.notify(userIds, { text: notice, dealId: facts.id, ruleId: rule.id }, tx));
        // the timeline is everyone's: in the team's language
        const message = fill(a.message, facts, rule, await this.translator.teamWords());
        await this.deals.addTimelineEvent(facts.id, 'rule', null, { ...reason, action: 'notify', userIds, message }, tx);
        return { type: a.type, userIds };
      }
      case 'email': {
        const mail = (w: Words) => ({ subject: fill(a.subject, facts, rule, w), body: fill(a.body, facts, rule, w) });
        const to = await this.notifications.email(a.to, owner, { text: mail, ruleId: rule.id, dealId: facts.id }, tx);
        const subject = fill(a.subject, facts, rule, await this.translator.teamWords());
        await this.deals.addTimelineEvent(facts.id, 'rule', null, { ...reason, action: 'email', to, subject }, tx);
        return { type: a.type, to };
      }
      default: {
        const never: never = a;
        return never;
      }
    }
  }
}

/**
 * A rule's text for one reader: a default text still as installed is in the reader's language
 * (a text a Head wrote stays as written); then "{deal.title}" and friends, the amount by Intl.
 */
function fill(text: string, facts: DealFacts, rule: RuleRecord, w: Words): string {
  return fillFor(ruleTextIn(text, w.language), {
    'deal.title': facts.title,
    'deal.stageName': facts.stageName,
    'deal.ownerName': facts.ownerName ?? w.t('automation.value.noOwner'),
    'deal.amount': w.amount(facts.amount, facts.currency),
    'rule.name': ruleTextIn(rule.name, w.language),
  });
}

/** Replaces the placeholders it has values for; leaves the others as written. */
function fillFor(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-zA-Z.]+)\}/g, (m, key: string) => values[key] ?? m);
}
