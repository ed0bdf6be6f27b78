import { CONDITION_OP_WORDS, type RuleAction, type RuleCondition, type RuleEvent, type RuleTimer, type RuleTrigger } from '@callboard/contracts';

type FieldType = 'id' | 'string' | 'number' | 'boolean';

interface FieldDef {
  label: string;
  type: FieldType;
  /** Event fields exist only on these triggers. */
  events?: RuleEvent[];
}

/** What a condition may look at: the deal as it is now (with counts), and the event that fired. */
export const FIELDS: Record<string, FieldDef> = {
  'deal.pipelineId': { label: 'pipeline', type: 'id' },
  'deal.stageId': { label: 'stage', type: 'id' },
  'deal.stageKey': { label: 'stage', type: 'string' },
  'deal.stageGroup': { label: 'stage group', type: 'string' },
  'deal.ownerId': { label: 'owner', type: 'id' },
  'deal.status': { label: 'status', type: 'string' },
  'deal.source': { label: 'source', type: 'string' },
  'deal.qualification': { label: 'qualification', type: 'string' },
  'deal.amount': { label: 'amount', type: 'number' },
  'deal.currency': { label: 'currency', type: 'string' },
  'deal.missed': { label: 'missed-call mark', type: 'boolean' },
  'deal.contactClass': { label: "contact's class", type: 'string' },
  'deal.completedTasks': { label: 'completed tasks', type: 'number' },
  'deal.openTasks': { label: 'open tasks', type: 'number' },
  'deal.attempts': { label: 'outbound attempts', type: 'number' },
  'deal.unansweredAttempts': { label: 'unanswered outbound attempts', type: 'number' },
  'deal.conversations': { label: 'answered conversations', type: 'number' },
  'deal.meetings': { label: 'meetings', type: 'number' },
  'deal.offersSent': { label: 'offers sent', type: 'number' },
  'deal.hoursInStage': { label: 'hours in the stage', type: 'number' },
  'event.direction': { label: 'call direction', type: 'string', events: ['call.answered', 'call.missed', 'call.wrapped_up'] },
  'event.outcome': { label: 'wrap-up outcome', type: 'string', events: ['call.wrapped_up'] },
  'event.reason': { label: 'missed reason', type: 'string', events: ['call.missed'] },
  'event.field': { label: 'changed field', type: 'string', events: ['deal.field_changed'] },
  'event.fromStageKey': { label: 'previous stage', type: 'string', events: ['deal.stage_changed'] },
  'event.toStageKey': { label: 'new stage', type: 'string', events: ['deal.stage_changed'] },
  'event.taskType': { label: 'task type', type: 'string', events: ['task.created', 'task.completed'] },
  'event.offerStatus': { label: 'offer status', type: 'string', events: ['offer.status_changed'] },
  'event.kind': { label: 'activity kind', type: 'string', events: ['activity.logged'] },
  'event.visitType': { label: 'visit type', type: 'string', events: ['activity.logged'] },
};

export const EVENT_LABELS: Record<RuleEvent, string> = {
  'deal.created': 'a deal is created',
  'deal.stage_changed': "a deal's stage changes",
  'deal.field_changed': "a deal's field changes",
  'task.created': 'a task is created',
  'task.completed': 'a task is completed',
  'call.answered': 'a call is answered',
  'call.missed': 'a call is missed',
  'offer.status_changed': "an offer's status changes",
  'activity.logged': 'a visit or note is logged',
  'call.wrapped_up': 'a call is wrapped up',
};

export const TIMER_LABELS: Record<RuleTimer, string> = {
  no_contact: 'a deal has had no contact',
  in_stage: 'a deal has been in its stage',
  task_overdue: 'a task has been overdue',
};

/** Why a rule cannot be saved; the service turns it into a 400 with the right code. */
export interface RuleProblem {
  code: 'RULE_FIELD_UNKNOWN' | 'RULE_INVALID';
  message: string;
  path: (string | number)[];
}

/** Checks conditions against the catalog and the trigger: unknown fields, wrong value shapes. */
export function checkConditions(trigger: RuleTrigger, conditions: RuleCondition[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  conditions.forEach((c, i) => {
    const def = FIELDS[c.field];
    const path = ['conditions', i, 'field'];
    if (!def) {
      problems.push({ code: 'RULE_FIELD_UNKNOWN', message: `Unknown field "${c.field}"`, path });
      return;
    }
    if (def.events && (trigger.type !== 'event' || !def.events.includes(trigger.event))) {
      problems.push({ code: 'RULE_FIELD_UNKNOWN', message: `The field "${c.field}" is not carried by this trigger`, path });
      return;
    }
    const vpath = ['conditions', i, 'value'];
    if (c.op === 'empty' || c.op === 'not_empty') return;
    if (c.value === undefined) problems.push({ code: 'RULE_INVALID', message: `"${c.op}" needs a value`, path: vpath });
    else if ((c.op === 'in' || c.op === 'not_in') !== Array.isArray(c.value)) {
      problems.push({ code: 'RULE_INVALID', message: `"${c.op}" ${Array.isArray(c.value) ? 'takes one value' : 'needs a list'}`, path: vpath });
    } else if (['gt', 'gte', 'lt', 'lte'].includes(c.op) && (def.type !== 'number' || typeof c.value !== 'number')) {
      problems.push({ code: 'RULE_INVALID', message: `"${c.op}" compares numbers only`, path: vpath });
    }
  });
  return problems;
}

/** True when every condition holds. `values` maps field names to their current values. */
export function matches(conditions: RuleCondition[], values: Record<string, unknown>): boolean {
  return conditions.every((c) => holds(c, values[c.field]));
}

function holds(c: RuleCondition, actual: unknown): boolean {
  const norm = (v: unknown) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  const a = norm(actual);
  switch (c.op) {
    case 'empty':
      return actual === null || actual === undefined || actual === '';
    case 'not_empty':
      return !(actual === null || actual === undefined || actual === '');
    case 'eq':
      return a === norm(c.value);
    case 'neq':
      return a !== norm(c.value);
    case 'in':
      return Array.isArray(c.value) && c.value.map(norm).includes(a as never);
    case 'not_in':
      return Array.isArray(c.value) && !c.value.map(norm).includes(a as never);
    case 'gt':
      return typeof a === 'number' && a > Number(c.value);
    case 'gte':
      return typeof a === 'number' && a >= Number(c.value);
    case 'lt':
      return typeof a === 'number' && a < Number(c.value);
    case 'lte':
      return typeof a === 'number' && a <= Number(c.value);
    default: {
      const never: never = c.op;
      return never;
    }
  }
}

/** Timer length in minutes, or null when it comes from the stage's limit. */
export function timerMinutes(t: Extract<RuleTrigger, { type: 'timer' }>): number | null {
  if (t.useStageLimit) return null;
  return (t.amount ?? 0) * { minutes: 1, hours: 60, days: 1440 }[t.unit];
}

/** The deal fields an edit can change, as `event.field` names them, in words. */
const CHANGED_FIELD_WORDS: Record<string, string> = {
  ownerId: 'owner',
  stageId: 'stage',
  contactId: 'contact',
  lostReason: 'lost reason',
  qualification: 'qualification',
  amount: 'amount',
  currency: 'currency',
  title: 'title',
};

/** What set_field may set, in words. */
const SET_FIELD_WORDS: Record<string, string> = { qualification: 'qualification', lostReason: 'lost reason', missed: 'missed-call mark' };

/** A stored value in words: no internal spelling ("target_group", "ownerId", a bare id) reaches a Head. */
function valueWords(field: string, v: unknown, stageName: (key: string) => string, idName: (id: string) => string | undefined): string {
  if (field.endsWith('StageKey') || field === 'deal.stageKey') return stageName(String(v));
  if (field === 'event.field' && typeof v === 'string') return `"${CHANGED_FIELD_WORDS[v] ?? v}"`;
  if (FIELDS[field]?.type === 'id' && typeof v === 'string') return idName(v) ?? `a chosen ${FIELDS[field].label}`;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v === null) return 'none';
  return typeof v === 'string' ? `"${v.replace(/_/g, ' ')}"` : String(v);
}

/** "When a task is completed, if completed tasks is at least 3 and ..., then move to Serious prospect." */
export function summarize(
  r: { trigger: RuleTrigger; conditions: RuleCondition[]; actions: RuleAction[] },
  stageName: (key: string) => string = (k) => k,
  idName: (id: string) => string | undefined = () => undefined,
): string {
  const when =
    r.trigger.type === 'event'
      ? EVENT_LABELS[r.trigger.event]
      : `${TIMER_LABELS[r.trigger.timer]} for ${r.trigger.useStageLimit ? "longer than the stage's limit" : `${r.trigger.amount} ${r.trigger.unit}`}` +
        (r.trigger.stageKey ? ` (in ${stageName(r.trigger.stageKey)})` : '');
  const value = (field: string, v: unknown): string => (Array.isArray(v) ? v.map((x) => value(field, x)).join(', ') : valueWords(field, v, stageName, idName));
  const ifs = r.conditions.map((c) => `${FIELDS[c.field]?.label ?? c.field} ${CONDITION_OP_WORDS[c.op]}${c.value === undefined ? '' : ` ${value(c.field, c.value)}`}`);
  const thens = r.actions.map((a) => describeAction(a, stageName, idName));
  return `When ${when}${ifs.length ? `, if ${ifs.join(' and ')}` : ''}, then ${thens.join(', and ')}.`;
}

function describeAction(a: RuleAction, stageName: (key: string) => string, idName: (id: string) => string | undefined): string {
  const user = (id: string) => idName(id) ?? 'a chosen user';
  const who = (to: string) => (to === 'owner' ? 'the owner' : to === 'heads' ? 'the Heads' : to.includes('@') ? to : user(to));
  switch (a.type) {
    case 'move_stage':
      return `move the deal to ${a.stageKey ? stageName(a.stageKey) : a.stageId ? (idName(a.stageId) ?? 'the chosen stage') : 'the chosen stage'}${a.lostReason ? ` (reason "${a.lostReason.replace(/_/g, ' ')}")` : ''}`;
    case 'assign':
      return `assign it to ${user(a.userId)}`;
    case 'create_task':
      return `create a task "${a.title}" due in ${a.dueInHours} hours for ${a.assignTo === 'owner' ? 'the owner' : user(a.assignTo)}`;
    case 'set_field':
      return `set the ${SET_FIELD_WORDS[a.field] ?? a.field} to ${valueWords(`deal.${a.field}`, a.value, stageName, idName)}`;
    case 'notify':
      return `notify ${who(a.to)} in the app`;
    case 'email':
      return `email ${who(a.to)}`;
    default: {
      const never: never = a;
      return never;
    }
  }
}
