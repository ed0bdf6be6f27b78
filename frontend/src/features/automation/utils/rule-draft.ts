import {
  type AutomationCatalog,
  type ConditionOp,
  CreateRuleRequest,
  type Rule,
  type RuleAction,
  type RuleCondition,
  type RuleEvent,
  type RuleTimer,
  type TaskType,
  UpdateRuleRequest,
} from '@callboard/contracts';
import { defineMessage, defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { z } from 'zod';

// A rule as the form holds it (strings as typed), and the way back to the API's body, checked by
// the API's own zod schema before it is sent. Field names never reach the screen: every path has
// words (see PROBLEMS).

export type TimeUnit = 'minutes' | 'hours' | 'days';
export type ActionType = RuleAction['type'];
export type SetField = Extract<RuleAction, { type: 'set_field' }>['field'];

export interface ConditionDraft {
  field: string;
  op: ConditionOp;
  /** One value as typed or chosen; several for "is one of" / "is none of". */
  value: string;
  values: string[];
}

export interface ActionDraft {
  type: ActionType;
  /** move_stage: `key:<systemKey>` or `id:<stageId>`. */
  stage: string;
  lostReason: string;
  /** assign: the user. */
  userId: string;
  /** create_task */
  title: string;
  taskType: TaskType;
  dueInHours: string;
  /** 'owner' or a user id. */
  assignTo: string;
  /** set_field */
  setField: SetField;
  setValue: string;
  /** notify and email: 'owner', 'heads', a user id, or (email) 'address'. */
  to: string;
  address: string;
  message: string;
  subject: string;
  body: string;
}

export interface RuleDraft {
  name: string;
  enabled: boolean;
  triggerType: 'event' | 'timer';
  event: RuleEvent;
  timer: RuleTimer;
  amount: string;
  unit: TimeUnit;
  useStageLimit: boolean;
  /** in_stage timers only: the stage's system key, '' = any stage. */
  stageKey: string;
  conditions: ConditionDraft[];
  actions: ActionDraft[];
}

export type DraftErrors = Record<string, string>;

export const NUMBER_OPS: ConditionOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'empty', 'not_empty'];
export const CHOICE_OPS: ConditionOp[] = ['eq', 'neq', 'in', 'not_in', 'empty', 'not_empty'];
export const TEXT_OPS: ConditionOp[] = ['eq', 'neq', 'empty', 'not_empty'];
export const BOOLEAN_OPS: ConditionOp[] = ['eq'];

export const isListOp = (op: ConditionOp) => op === 'in' || op === 'not_in';
export const takesValue = (op: ConditionOp) => op !== 'empty' && op !== 'not_empty';

export function blankAction(type: ActionType = 'create_task'): ActionDraft {
  return {
    type,
    stage: '',
    lostReason: '',
    userId: '',
    title: '',
    taskType: 'other',
    dueInHours: '24',
    assignTo: 'owner',
    setField: 'qualification',
    setValue: '',
    to: 'owner',
    address: '',
    message: '',
    subject: '',
    body: '',
  };
}

export function blankCondition(field: string): ConditionDraft {
  return { field, op: 'eq', value: '', values: [] };
}

export function blankDraft(): RuleDraft {
  return {
    name: '',
    enabled: true,
    triggerType: 'event',
    event: 'deal.created',
    timer: 'no_contact',
    amount: '24',
    unit: 'hours',
    useStageLimit: false,
    stageKey: '',
    conditions: [],
    actions: [blankAction()],
  };
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** The form's copy of a saved rule. */
export function draftOf(rule: Rule): RuleDraft {
  const d = blankDraft();
  const t = rule.trigger;
  const trigger: Partial<RuleDraft> =
    t.type === 'event'
      ? { triggerType: 'event', event: t.event }
      : { triggerType: 'timer', timer: t.timer, amount: str(t.amount), unit: t.unit, useStageLimit: !!t.useStageLimit, stageKey: t.stageKey ?? '' };
  return {
    ...d,
    ...trigger,
    name: rule.name,
    enabled: rule.enabled,
    conditions: rule.conditions.map((c) => ({
      field: c.field,
      op: c.op,
      value: Array.isArray(c.value) ? '' : str(c.value),
      values: Array.isArray(c.value) ? c.value.map(str) : [],
    })),
    actions: rule.actions.map(actionDraftOf),
  };
}

function actionDraftOf(a: RuleAction): ActionDraft {
  const d = blankAction(a.type);
  switch (a.type) {
    case 'move_stage':
      return { ...d, stage: a.stageKey ? `key:${a.stageKey}` : `id:${a.stageId ?? ''}`, lostReason: a.lostReason ?? '' };
    case 'assign':
      return { ...d, userId: a.userId };
    case 'create_task':
      return { ...d, title: a.title, taskType: a.taskType, dueInHours: String(a.dueInHours), assignTo: a.assignTo };
    case 'set_field':
      return { ...d, setField: a.field, setValue: a.value === null ? '' : String(a.value) };
    case 'notify':
      return { ...d, to: a.to, message: a.message };
    case 'email': {
      const address = a.to !== 'owner' && a.to !== 'heads' && a.to.includes('@');
      return { ...d, to: address ? 'address' : a.to, address: address ? a.to : '', subject: a.subject, body: a.body };
    }
  }
}

/** A number as typed; NaN for text that is not one (the schema then refuses it). */
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

function conditionValue(c: ConditionDraft, type: string | undefined): RuleCondition['value'] {
  if (!takesValue(c.op)) return undefined;
  const one = (s: string) => (type === 'number' ? num(s) : type === 'boolean' ? s === 'true' : s);
  return isListOp(c.op) ? c.values.map(one) : one(c.value);
}

function actionBody(a: ActionDraft): Record<string, unknown> {
  switch (a.type) {
    case 'move_stage': {
      const [kind, value] = [a.stage.slice(0, a.stage.indexOf(':')), a.stage.slice(a.stage.indexOf(':') + 1)];
      const target = kind === 'key' ? { stageKey: value } : kind === 'id' && value ? { stageId: value } : {};
      return { type: a.type, ...target, ...(a.lostReason ? { lostReason: a.lostReason } : {}) };
    }
    case 'assign':
      return { type: a.type, userId: a.userId };
    case 'create_task':
      return { type: a.type, title: a.title, taskType: a.taskType, dueInHours: num(a.dueInHours), assignTo: a.assignTo };
    case 'set_field':
      return { type: a.type, field: a.setField, value: a.setField === 'missed' ? a.setValue === 'true' : a.setValue === '' ? null : a.setValue };
    case 'notify':
      return { type: a.type, to: a.to, message: a.message };
    case 'email':
      return { type: a.type, to: a.to === 'address' ? a.address : a.to, subject: a.subject, body: a.body };
  }
}

/** The request body the form stands for, before any check. */
export function bodyOf(draft: RuleDraft, catalog: Pick<AutomationCatalog, 'fields'>): Record<string, unknown> {
  const typeOf = (field: string) => catalog.fields.find((f) => f.field === field)?.type;
  const trigger =
    draft.triggerType === 'event'
      ? { type: 'event', event: draft.event }
      : {
          type: 'timer',
          timer: draft.timer,
          unit: draft.unit,
          ...(draft.timer === 'in_stage' && draft.useStageLimit ? { useStageLimit: true } : { amount: num(draft.amount) }),
          ...(draft.timer === 'in_stage' && draft.stageKey ? { stageKey: draft.stageKey } : {}),
        };
  return {
    name: draft.name.trim(),
    enabled: draft.enabled,
    trigger,
    conditions: draft.conditions.map((c) => {
      const value = conditionValue(c, typeOf(c.field));
      return value === undefined ? { field: c.field, op: c.op } : { field: c.field, op: c.op, value };
    }),
    actions: draft.actions.map(actionBody),
  };
}

/** What is wrong, in words, by the body's path: an error names the form's field, never the API's. */
const PROBLEMS = defineMessages({
  name: { id: 'automation.problem.name', defaultMessage: 'Give the rule a name' },
  'trigger.amount': { id: 'automation.problem.triggerAmount', defaultMessage: 'Give a whole number of minutes, hours or days, or use the stage’s own limit' },
  'trigger.timer': { id: 'automation.problem.triggerTimer', defaultMessage: 'Only a “time in stage” timer can use the stage’s limit or one stage' },
  stageKey: { id: 'automation.problem.stageKey', defaultMessage: 'Choose a stage' },
  stageId: { id: 'automation.problem.stageId', defaultMessage: 'Choose a stage' },
  userId: { id: 'automation.problem.userId', defaultMessage: 'Choose a person' },
  title: { id: 'automation.problem.title', defaultMessage: 'Give the task a title' },
  dueInHours: { id: 'automation.problem.dueInHours', defaultMessage: 'Give the hours until the task is due (0 or more)' },
  message: { id: 'automation.problem.message', defaultMessage: 'Write the notification' },
  subject: { id: 'automation.problem.subject', defaultMessage: 'Write a subject' },
  body: { id: 'automation.problem.body', defaultMessage: 'Write the email' },
  to: { id: 'automation.problem.to', defaultMessage: 'Choose who receives it, or type a valid email address' },
  value: { id: 'automation.problem.value', defaultMessage: 'Choose or type a value' },
  actions: { id: 'automation.problem.actions', defaultMessage: 'Add at least one action' },
});
const CONDITION_PROBLEMS = defineMessages({
  value: { id: 'automation.problem.condition', defaultMessage: 'Give a value this field takes (a number where it counts something)' },
  number: { id: 'automation.problem.number', defaultMessage: 'Give a number' },
});
const UNACCEPTED = defineMessage({ id: 'automation.problem.other', defaultMessage: 'This value is not accepted' });

const problem = (key: string): MessageDescriptor | undefined => (Object.hasOwn(PROBLEMS, key) ? PROBLEMS[key as keyof typeof PROBLEMS] : undefined);

function problemAt(path: PropertyKey[]): MessageDescriptor {
  const key = path.map(String).join('.');
  const last = String(path[path.length - 1] ?? '');
  if (key === 'actions') return PROBLEMS.actions;
  if (key.startsWith('trigger.')) return problem(key) ?? PROBLEMS['trigger.amount'];
  if (path[0] === 'conditions') return CONDITION_PROBLEMS.value;
  return problem(last) ?? problem(key) ?? UNACCEPTED;
}

/** The form's key for an error at this body path: `name`, `trigger`, `conditions.0`, `actions.1`. */
export function errorKey(path: PropertyKey[]): string {
  if (path[0] === 'conditions' || path[0] === 'actions') return path.length > 1 ? `${String(path[0])}.${String(path[1])}` : String(path[0]);
  return String(path[0] ?? 'form');
}

/** zod's issues as the form's messages, one per field (the first wins). */
export function errorsOf(error: z.ZodError, intl: IntlShape): DraftErrors {
  const errors: DraftErrors = {};
  for (const issue of error.issues) {
    const key = errorKey(issue.path);
    errors[key] ??= intl.formatMessage(problemAt(issue.path));
  }
  return errors;
}

/**
 * The body checked by the API's own schema (create or update), plus the one check the schema
 * leaves to the server that the form can make: numbers where a field counts something.
 */
export function validateDraft(
  draft: RuleDraft,
  catalog: Pick<AutomationCatalog, 'fields'>,
  mode: 'create' | 'update',
  intl: IntlShape,
): { ok: true; body: CreateRuleRequest } | { ok: false; errors: DraftErrors } {
  const body = bodyOf(draft, catalog);
  const parsed = (mode === 'create' ? CreateRuleRequest : UpdateRuleRequest).safeParse(body);
  const errors: DraftErrors = parsed.success ? {} : errorsOf(parsed.error, intl);
  (body.conditions as RuleCondition[]).forEach((c, i) => {
    const values = Array.isArray(c.value) ? c.value : [c.value];
    const type = catalog.fields.find((f) => f.field === c.field)?.type;
    if (takesValue(c.op) && (values.length === 0 || values.some((v) => v === '' || (type === 'number' && (typeof v !== 'number' || Number.isNaN(v)))))) {
      errors[`conditions.${i}`] ??= intl.formatMessage(type === 'number' ? CONDITION_PROBLEMS.number : PROBLEMS.value);
    }
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: body as CreateRuleRequest };
}
