import { createElement, Fragment, type ReactNode } from 'react';
import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { Rule, RuleAction, RuleCondition, RuleEvent, RuleTrigger } from '@callboard/contracts';
import { formatNumber } from '@/lib/format';
import { joinList } from './join-list';
import { own, PERSON_FIELDS, PIPELINE_FIELDS, STAGE_ID_FIELDS, STAGE_KEY_FIELDS } from './rule-labels';

// A rule in plain words, in the page's language: "When a call is missed, if call direction is
// Outgoing, then move the deal to No answer." Each trigger, condition and action is one whole
// message with its variables; the conditions and the actions are joined by the locale's list
// format, and the sentence around them is one message too. Names (stages, people, task titles)
// are the team's own words: isolated, never translated.

/** The words the summary shows instead of keys and ids: the team's names, and other features' words for values. */
export interface SummaryNames {
  /** The name of the stage with this system key in the pipeline ("new" -> "New"). */
  stageByKey: (key: string) => string | undefined;
  /** A stage's, a pipeline's or a person's name by id. */
  nameById: (id: string) => string | undefined;
  /** A lost reason's key in words (the install's reasons translated, a Head's own as written). */
  lostReason: (key: string) => ReactNode;
  /** A value of a field that takes one of a fixed list, in words (`event.direction`, "outbound" -> "Outgoing"); undefined when not on the list. */
  value: (field: string, value: string) => string | undefined;
}

const SENTENCE = defineMessages({
  withConditions: { id: 'automation.summary.rule', defaultMessage: 'When {trigger}, if {conditions}, then {actions}.' },
  always: { id: 'automation.summary.ruleAlways', defaultMessage: 'When {trigger}, then {actions}.' },
});

const EVENTS: Record<RuleEvent, MessageDescriptor> = defineMessages({
  'deal.created': { id: 'automation.summary.event.dealCreated', defaultMessage: 'a deal is created' },
  'deal.stage_changed': { id: 'automation.summary.event.dealStageChanged', defaultMessage: "a deal's stage changes" },
  'deal.field_changed': { id: 'automation.summary.event.dealFieldChanged', defaultMessage: "a deal's field changes" },
  'task.created': { id: 'automation.summary.event.taskCreated', defaultMessage: 'a task is created' },
  'task.completed': { id: 'automation.summary.event.taskCompleted', defaultMessage: 'a task is completed' },
  'call.answered': { id: 'automation.summary.event.callAnswered', defaultMessage: 'a call is answered' },
  'call.missed': { id: 'automation.summary.event.callMissed', defaultMessage: 'a call is missed' },
  'offer.status_changed': { id: 'automation.summary.event.offerStatusChanged', defaultMessage: "an offer's status changes" },
  'activity.logged': { id: 'automation.summary.event.activityLogged', defaultMessage: 'a visit or note is logged' },
  'call.wrapped_up': { id: 'automation.summary.event.callWrappedUp', defaultMessage: 'a call is wrapped up' },
});

const TIMERS = defineMessages({
  noContact: {
    id: 'automation.summary.timer.noContact',
    defaultMessage:
      'a deal has had no contact for {unit, select, minutes {{amount, plural, one {# minute} other {# minutes}}} hours {{amount, plural, one {# hour} other {# hours}}} other {{amount, plural, one {# day} other {# days}}}}',
  },
  inStage: {
    id: 'automation.summary.timer.inStage',
    defaultMessage:
      'a deal has been in its stage for {unit, select, minutes {{amount, plural, one {# minute} other {# minutes}}} hours {{amount, plural, one {# hour} other {# hours}}} other {{amount, plural, one {# day} other {# days}}}}',
  },
  inStageOf: {
    id: 'automation.summary.timer.inStageOf',
    defaultMessage:
      'a deal has been in its stage for {unit, select, minutes {{amount, plural, one {# minute} other {# minutes}}} hours {{amount, plural, one {# hour} other {# hours}}} other {{amount, plural, one {# day} other {# days}}}} (in {stage})',
  },
  inStageLimit: { id: 'automation.summary.timer.inStageLimit', defaultMessage: "a deal has been in its stage for longer than the stage's limit" },
  inStageLimitOf: { id: 'automation.summary.timer.inStageLimitOf', defaultMessage: "a deal has been in its stage for longer than the stage's limit (in {stage})" },
  taskOverdue: {
    id: 'automation.summary.timer.taskOverdue',
    defaultMessage:
      'a task has been overdue for {unit, select, minutes {{amount, plural, one {# minute} other {# minutes}}} hours {{amount, plural, one {# hour} other {# hours}}} other {{amount, plural, one {# day} other {# days}}}}',
  },
});

/** A field as a condition names it ("if amount is more than 1,000"). */
const FIELDS: Record<string, MessageDescriptor> = defineMessages({
  'deal.pipelineId': { id: 'automation.summary.field.dealPipelineId', defaultMessage: 'pipeline' },
  'deal.stageId': { id: 'automation.summary.field.dealStageId', defaultMessage: 'stage' },
  'deal.stageKey': { id: 'automation.summary.field.dealStageKey', defaultMessage: 'stage' },
  'deal.stageGroup': { id: 'automation.summary.field.dealStageGroup', defaultMessage: 'stage group' },
  'deal.ownerId': { id: 'automation.summary.field.dealOwnerId', defaultMessage: 'owner' },
  'deal.status': { id: 'automation.summary.field.dealStatus', defaultMessage: 'status' },
  'deal.source': { id: 'automation.summary.field.dealSource', defaultMessage: 'source' },
  'deal.qualification': { id: 'automation.summary.field.dealQualification', defaultMessage: 'qualification' },
  'deal.amount': { id: 'automation.summary.field.dealAmount', defaultMessage: 'amount' },
  'deal.currency': { id: 'automation.summary.field.dealCurrency', defaultMessage: 'currency' },
  'deal.missed': { id: 'automation.summary.field.dealMissed', defaultMessage: 'missed-call mark' },
  'deal.contactClass': { id: 'automation.summary.field.dealContactClass', defaultMessage: "contact's class" },
  'deal.completedTasks': { id: 'automation.summary.field.dealCompletedTasks', defaultMessage: 'completed tasks' },
  'deal.openTasks': { id: 'automation.summary.field.dealOpenTasks', defaultMessage: 'open tasks' },
  'deal.attempts': { id: 'automation.summary.field.dealAttempts', defaultMessage: 'outbound attempts' },
  'deal.unansweredAttempts': { id: 'automation.summary.field.dealUnansweredAttempts', defaultMessage: 'unanswered outbound attempts' },
  'deal.conversations': { id: 'automation.summary.field.dealConversations', defaultMessage: 'answered conversations' },
  'deal.meetings': { id: 'automation.summary.field.dealMeetings', defaultMessage: 'meetings' },
  'deal.offersSent': { id: 'automation.summary.field.dealOffersSent', defaultMessage: 'offers sent' },
  'deal.hoursInStage': { id: 'automation.summary.field.dealHoursInStage', defaultMessage: 'hours in the stage' },
  'event.direction': { id: 'automation.summary.field.eventDirection', defaultMessage: 'call direction' },
  'event.reason': { id: 'automation.summary.field.eventReason', defaultMessage: 'missed reason' },
  'event.outcome': { id: 'automation.summary.field.eventOutcome', defaultMessage: 'wrap-up outcome' },
  'event.field': { id: 'automation.summary.field.eventField', defaultMessage: 'changed field' },
  'event.fromStageKey': { id: 'automation.summary.field.eventFromStageKey', defaultMessage: 'previous stage' },
  'event.toStageKey': { id: 'automation.summary.field.eventToStageKey', defaultMessage: 'new stage' },
  'event.taskType': { id: 'automation.summary.field.eventTaskType', defaultMessage: 'task type' },
  'event.offerStatus': { id: 'automation.summary.field.eventOfferStatus', defaultMessage: 'offer status' },
  'event.kind': { id: 'automation.summary.field.eventKind', defaultMessage: 'activity kind' },
  'event.visitType': { id: 'automation.summary.field.eventVisitType', defaultMessage: 'visit type' },
});

const CONDITIONS = defineMessages({
  eq: { id: 'automation.summary.condition.eq', defaultMessage: '{field} is {value}' },
  neq: { id: 'automation.summary.condition.neq', defaultMessage: '{field} is not {value}' },
  in: { id: 'automation.summary.condition.in', defaultMessage: '{field} is one of {value}' },
  not_in: { id: 'automation.summary.condition.notIn', defaultMessage: '{field} is none of {value}' },
  gt: { id: 'automation.summary.condition.gt', defaultMessage: '{field} is more than {value}' },
  gte: { id: 'automation.summary.condition.gte', defaultMessage: '{field} is at least {value}' },
  lt: { id: 'automation.summary.condition.lt', defaultMessage: '{field} is less than {value}' },
  lte: { id: 'automation.summary.condition.lte', defaultMessage: '{field} is at most {value}' },
  empty: { id: 'automation.summary.condition.empty', defaultMessage: '{field} is empty' },
  not_empty: { id: 'automation.summary.condition.notEmpty', defaultMessage: '{field} is set' },
});

const VALUES = defineMessages({
  yes: { id: 'automation.summary.value.yes', defaultMessage: 'yes' },
  no: { id: 'automation.summary.value.no', defaultMessage: 'no' },
  none: { id: 'automation.summary.value.none', defaultMessage: 'none' },
  quoted: { id: 'automation.summary.value.quoted', defaultMessage: '"{text}"' },
  someStage: { id: 'automation.summary.value.someStage', defaultMessage: 'a chosen stage' },
  somePipeline: { id: 'automation.summary.value.somePipeline', defaultMessage: 'a chosen pipeline' },
  someOwner: { id: 'automation.summary.value.someOwner', defaultMessage: 'a chosen owner' },
  someUser: { id: 'automation.summary.value.someUser', defaultMessage: 'a chosen user' },
  theStage: { id: 'automation.summary.value.theStage', defaultMessage: 'the chosen stage' },
});

const ACTIONS = defineMessages({
  moveStage: { id: 'automation.summary.action.moveStage', defaultMessage: 'move the deal to {stage}' },
  moveStageWithReason: { id: 'automation.summary.action.moveStageWithReason', defaultMessage: 'move the deal to {stage} (reason "{reason}")' },
  assign: { id: 'automation.summary.action.assign', defaultMessage: 'assign it to {user}' },
  createTaskForOwner: {
    id: 'automation.summary.action.createTaskForOwner',
    defaultMessage: 'create a task "{title}" due in {hours, plural, one {# hour} other {# hours}} for the owner',
  },
  createTaskFor: {
    id: 'automation.summary.action.createTaskFor',
    defaultMessage: 'create a task "{title}" due in {hours, plural, one {# hour} other {# hours}} for {user}',
  },
  setQualification: { id: 'automation.summary.action.setQualification', defaultMessage: 'set the qualification to {value}' },
  clearQualification: { id: 'automation.summary.action.clearQualification', defaultMessage: 'clear the qualification' },
  setLostReason: { id: 'automation.summary.action.setLostReason', defaultMessage: 'set the lost reason to "{reason}"' },
  clearLostReason: { id: 'automation.summary.action.clearLostReason', defaultMessage: 'clear the lost reason' },
  setMissed: { id: 'automation.summary.action.setMissed', defaultMessage: '{marked, select, yes {set the missed-call mark} other {clear the missed-call mark}}' },
  notifyOwner: { id: 'automation.summary.action.notifyOwner', defaultMessage: 'notify the owner in the app' },
  notifyHeads: { id: 'automation.summary.action.notifyHeads', defaultMessage: 'notify the Heads in the app' },
  notifyUser: { id: 'automation.summary.action.notifyUser', defaultMessage: 'notify {user} in the app' },
  emailOwner: { id: 'automation.summary.action.emailOwner', defaultMessage: 'email the owner' },
  emailHeads: { id: 'automation.summary.action.emailHeads', defaultMessage: 'email the Heads' },
  emailUser: { id: 'automation.summary.action.emailUser', defaultMessage: 'email {user}' },
  emailAddress: { id: 'automation.summary.action.emailAddress', defaultMessage: 'email {address}' },
});

/** The team's own words: isolated from the sentence around them, and never translated. */
const userText = (text: string): ReactNode => createElement('bdi', { 'data-user-content': '' }, text);
const ltrText = (text: string): ReactNode => createElement('bdi', { dir: 'ltr', 'data-user-content': '' }, text);

/**
 * A rule's trigger, conditions and actions as one sentence in the page's language. The result
 * holds elements (names in <bdi>); render it inside any element.
 */
export function summarizeRule(rule: Pick<Rule, 'trigger' | 'conditions' | 'actions'>, names: SummaryNames, intl: IntlShape): ReactNode {
  // a message with elements among its values comes back as parts: one fragment holds them
  const say = (descriptor: MessageDescriptor, values?: Record<string, ReactNode>): ReactNode => {
    const out = intl.formatMessage(descriptor, values);
    return Array.isArray(out) ? createElement(Fragment, null, ...(out as ReactNode[])) : out;
  };

  const stageOfKey = (key: string) => userText(names.stageByKey(key) ?? key);
  const named = (id: string, fallback: MessageDescriptor) => {
    const name = names.nameById(id);
    return name === undefined ? say(fallback) : userText(name);
  };
  const person = (id: string) => named(id, VALUES.someUser);

  function trigger(t: RuleTrigger): ReactNode {
    if (t.type === 'event') {
      const words = own(EVENTS, t.event);
      return words ? say(words) : t.event; // an event newer than this page: its key
    }
    const stage = t.stageKey ? stageOfKey(t.stageKey) : undefined;
    const duration = { amount: t.amount ?? 0, unit: t.unit };
    switch (t.timer) {
      case 'no_contact':
        return say(TIMERS.noContact, duration);
      case 'task_overdue':
        return say(TIMERS.taskOverdue, duration);
      case 'in_stage':
        if (t.useStageLimit) return stage ? say(TIMERS.inStageLimitOf, { stage }) : say(TIMERS.inStageLimit);
        return stage ? say(TIMERS.inStageOf, { ...duration, stage }) : say(TIMERS.inStage, duration);
    }
  }

  function value(field: string, v: unknown): ReactNode {
    if (STAGE_KEY_FIELDS.has(field)) return stageOfKey(String(v));
    if (STAGE_ID_FIELDS.has(field) && typeof v === 'string') return named(v, VALUES.someStage);
    if (PIPELINE_FIELDS.has(field) && typeof v === 'string') return named(v, VALUES.somePipeline);
    if (PERSON_FIELDS.has(field) && typeof v === 'string') return named(v, VALUES.someOwner);
    if (typeof v === 'boolean') return say(v ? VALUES.yes : VALUES.no);
    if (v === null || v === undefined) return say(VALUES.none);
    if (typeof v === 'number') return formatNumber(v);
    const text = String(v);
    return names.value(field, text) ?? say(VALUES.quoted, { text: userText(text) });
  }

  function condition(c: RuleCondition): ReactNode {
    const fieldWords = own(FIELDS, c.field);
    const field = fieldWords ? say(fieldWords) : c.field;
    const shown = Array.isArray(c.value) ? joinList(c.value.map((v) => value(c.field, v))) : value(c.field, c.value);
    const op = own(CONDITIONS, c.op) ?? CONDITIONS.eq;
    return say(op, { field, value: shown });
  }

  function action(a: RuleAction): ReactNode {
    switch (a.type) {
      case 'move_stage': {
        const stage = a.stageKey ? stageOfKey(a.stageKey) : a.stageId ? named(a.stageId, VALUES.theStage) : say(VALUES.theStage);
        return a.lostReason ? say(ACTIONS.moveStageWithReason, { stage, reason: names.lostReason(a.lostReason) }) : say(ACTIONS.moveStage, { stage });
      }
      case 'assign':
        return say(ACTIONS.assign, { user: person(a.userId) });
      case 'create_task': {
        const task = { title: userText(a.title), hours: a.dueInHours };
        return a.assignTo === 'owner' ? say(ACTIONS.createTaskForOwner, task) : say(ACTIONS.createTaskFor, { ...task, user: person(a.assignTo) });
      }
      case 'set_field':
        if (a.field === 'missed') return say(ACTIONS.setMissed, { marked: a.value === true ? 'yes' : 'no' });
        if (a.field === 'qualification') {
          if (a.value === null) return say(ACTIONS.clearQualification);
          const value = String(a.value);
          return say(ACTIONS.setQualification, { value: names.value('deal.qualification', value) ?? userText(value) });
        }
        return typeof a.value === 'string' && a.value !== '' ? say(ACTIONS.setLostReason, { reason: names.lostReason(a.value) }) : say(ACTIONS.clearLostReason);
      case 'notify':
        if (a.to === 'owner') return say(ACTIONS.notifyOwner);
        if (a.to === 'heads') return say(ACTIONS.notifyHeads);
        return say(ACTIONS.notifyUser, { user: person(a.to) });
      case 'email':
        if (a.to === 'owner') return say(ACTIONS.emailOwner);
        if (a.to === 'heads') return say(ACTIONS.emailHeads);
        if (a.to.includes('@')) return say(ACTIONS.emailAddress, { address: ltrText(a.to) });
        return say(ACTIONS.emailUser, { user: person(a.to) });
    }
  }

  const parts = { trigger: trigger(rule.trigger), actions: joinList(rule.actions.map(action)) };
  return rule.conditions.length
    ? say(SENTENCE.withConditions, { ...parts, conditions: joinList(rule.conditions.map(condition)) })
    : say(SENTENCE.always, parts);
}
