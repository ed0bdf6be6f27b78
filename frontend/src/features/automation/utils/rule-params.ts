import { Qualification, type Rule, type RuleAction, type RuleCondition, type RuleTrigger } from '@callboard/contracts';

// The parameters a Head tunes without rebuilding a rule: a timer's delay, numeric thresholds in
// the conditions, a created task's due delay, the text of notifications, and the value of fields
// that take one of a fixed list (qualification), in conditions and in set_field actions.

/** Fields whose values are a fixed list: the editor offers the choices ('' = unset). */
export const FIELD_CHOICES: Record<string, readonly string[]> = {
  'deal.qualification': Qualification.options,
  qualification: Qualification.options,
};

export type TimeUnit = 'minutes' | 'hours' | 'days';

export interface RuleParams {
  name: string;
  /** Null when the trigger is an event, or a timer that uses the stage's own limit. */
  timer: { amount: string; unit: TimeUnit } | null;
  /** Per condition index: the number as typed, for numeric conditions only. */
  thresholds: Record<number, string>;
  /** Per action index: dueInHours of create_task, message of notify. */
  dueInHours: Record<number, string>;
  messages: Record<number, string>;
  /** Per condition index / action index: the chosen value of a fixed-list field ('' = unset). */
  conditionChoices: Record<number, string>;
  actionChoices: Record<number, string>;
}

export function paramsOf(rule: Rule): RuleParams {
  const t = rule.trigger;
  const thresholds: Record<number, string> = {};
  const conditionChoices: Record<number, string> = {};
  rule.conditions.forEach((c, i) => {
    if (typeof c.value === 'number') thresholds[i] = String(c.value);
    if (FIELD_CHOICES[c.field] && (c.op === 'eq' || c.op === 'neq') && (typeof c.value === 'string' || c.value === null)) conditionChoices[i] = c.value ?? '';
  });
  const actionChoices: Record<number, string> = {};
  const dueInHours: Record<number, string> = {};
  const messages: Record<number, string> = {};
  rule.actions.forEach((a, i) => {
    if (a.type === 'create_task') dueInHours[i] = String(a.dueInHours);
    if (a.type === 'notify') messages[i] = a.message;
    if (a.type === 'set_field' && FIELD_CHOICES[a.field] && (typeof a.value === 'string' || a.value === null)) actionChoices[i] = a.value ?? '';
  });
  return {
    name: rule.name,
    timer: t.type === 'timer' && !t.useStageLimit ? { amount: String(t.amount ?? ''), unit: t.unit } : null,
    thresholds,
    dueInHours,
    messages,
    conditionChoices,
    actionChoices,
  };
}

export type ParamErrors = Record<string, string>;

function number(v: string, integer: boolean): number | null {
  const n = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(n)) return null;
  if (integer && !Number.isInteger(n)) return null;
  return n;
}

/** The PATCH body for the edited parameters, or the errors to show beside the fields. */
export function applyParams(
  rule: Rule,
  p: RuleParams,
): { ok: true; body: { name: string; trigger: RuleTrigger; conditions: RuleCondition[]; actions: RuleAction[] } } | { ok: false; errors: ParamErrors } {
  const errors: ParamErrors = {};
  if (!p.name.trim()) errors.name = 'Give the rule a name';
  let trigger: RuleTrigger = rule.trigger;
  if (p.timer && rule.trigger.type === 'timer') {
    const amount = number(p.timer.amount, true);
    if (amount === null || amount < 1 || amount > 100_000) errors.timer = 'A whole number from 1 to 100000';
    else trigger = { ...rule.trigger, amount, unit: p.timer.unit };
  }
  const conditions = rule.conditions.map((c, i) => {
    const choice = p.conditionChoices[i];
    if (choice !== undefined) return { ...c, value: choice || null };
    const raw = p.thresholds[i];
    if (raw === undefined) return c;
    const n = number(raw, false);
    if (n === null) {
      errors[`condition.${i}`] = 'A number';
      return c;
    }
    return { ...c, value: n };
  });
  const actions = rule.actions.map((a, i): RuleAction => {
    const choice = p.actionChoices[i];
    if (a.type === 'set_field' && choice !== undefined) return { ...a, value: choice || null };
    if (a.type === 'create_task' && p.dueInHours[i] !== undefined) {
      const n = number(p.dueInHours[i] ?? '', false);
      if (n === null || n < 0 || n > 24 * 365) {
        errors[`action.${i}`] = 'Hours from 0 to 8760';
        return a;
      }
      return { ...a, dueInHours: n };
    }
    if (a.type === 'notify' && p.messages[i] !== undefined) {
      const message = (p.messages[i] ?? '').trim();
      if (!message) {
        errors[`action.${i}`] = 'Write the message';
        return a;
      }
      return { ...a, message };
    }
    return a;
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { name: p.name.trim(), trigger, conditions, actions } };
}
