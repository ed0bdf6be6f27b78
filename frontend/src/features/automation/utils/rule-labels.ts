import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { ConditionOp, RuleEvent, RuleTimer } from '@callboard/contracts';
import type { ActionType, SetField, TimeUnit } from './rule-draft';

// Words for everything a rule is made of: the screen never shows a field's or a value's internal
// name. The catalog's English labels (GET /automation/catalog) are only a fallback for a field or
// an event this web app does not know yet. The words for a field's values are in value-words.ts.

export const OP_LABELS: Record<ConditionOp, MessageDescriptor> = defineMessages({
  eq: { id: 'automation.op.eq', defaultMessage: 'is' },
  neq: { id: 'automation.op.neq', defaultMessage: 'is not' },
  in: { id: 'automation.op.in', defaultMessage: 'is one of' },
  not_in: { id: 'automation.op.notIn', defaultMessage: 'is none of' },
  gt: { id: 'automation.op.gt', defaultMessage: 'is more than' },
  gte: { id: 'automation.op.gte', defaultMessage: 'is at least' },
  lt: { id: 'automation.op.lt', defaultMessage: 'is less than' },
  lte: { id: 'automation.op.lte', defaultMessage: 'is at most' },
  empty: { id: 'automation.op.empty', defaultMessage: 'is empty' },
  not_empty: { id: 'automation.op.notEmpty', defaultMessage: 'is set' },
});

export const ACTION_LABELS: Record<ActionType, MessageDescriptor> = defineMessages({
  move_stage: { id: 'automation.action.moveStage', defaultMessage: 'Move the deal to a stage' },
  assign: { id: 'automation.action.assign', defaultMessage: 'Assign the deal to someone' },
  create_task: { id: 'automation.action.createTask', defaultMessage: 'Create a task' },
  set_field: { id: 'automation.action.setField', defaultMessage: 'Set a field of the deal' },
  notify: { id: 'automation.action.notify', defaultMessage: 'Notify in the app' },
  email: { id: 'automation.action.email', defaultMessage: 'Send an email' },
});

export const SET_FIELD_LABELS: Record<SetField, MessageDescriptor> = defineMessages({
  qualification: { id: 'automation.setField.qualification', defaultMessage: 'Qualification' },
  lostReason: { id: 'automation.setField.lostReason', defaultMessage: 'Lost reason' },
  missed: { id: 'automation.setField.missed', defaultMessage: 'Missed-call mark' },
});

export const UNIT_LABELS: Record<TimeUnit, MessageDescriptor> = defineMessages({
  minutes: { id: 'automation.unit.minutes', defaultMessage: 'minutes' },
  hours: { id: 'automation.unit.hours', defaultMessage: 'hours' },
  days: { id: 'automation.unit.days', defaultMessage: 'days' },
});

/** The events a rule reacts to, as the trigger list shows them. */
export const EVENT_LABELS: Record<RuleEvent, MessageDescriptor> = defineMessages({
  'deal.created': { id: 'automation.event.dealCreated', defaultMessage: 'A deal is created' },
  'deal.stage_changed': { id: 'automation.event.dealStageChanged', defaultMessage: "A deal's stage changes" },
  'deal.field_changed': { id: 'automation.event.dealFieldChanged', defaultMessage: "A deal's field changes" },
  'task.created': { id: 'automation.event.taskCreated', defaultMessage: 'A task is created' },
  'task.completed': { id: 'automation.event.taskCompleted', defaultMessage: 'A task is completed' },
  'call.answered': { id: 'automation.event.callAnswered', defaultMessage: 'A call is answered' },
  'call.missed': { id: 'automation.event.callMissed', defaultMessage: 'A call is missed' },
  'offer.status_changed': { id: 'automation.event.offerStatusChanged', defaultMessage: "An offer's status changes" },
  'activity.logged': { id: 'automation.event.activityLogged', defaultMessage: 'A visit or note is logged' },
  'call.wrapped_up': { id: 'automation.event.callWrappedUp', defaultMessage: 'A call is wrapped up' },
});

export const TIMER_LABELS: Record<RuleTimer, MessageDescriptor> = defineMessages({
  no_contact: { id: 'automation.timer.noContact', defaultMessage: 'A deal has had no contact' },
  in_stage: { id: 'automation.timer.inStage', defaultMessage: 'A deal has been in its stage' },
  task_overdue: { id: 'automation.timer.taskOverdue', defaultMessage: 'A task has been overdue' },
});

/** The fields a condition looks at, as the field list shows them. */
const FIELD_LABELS: Record<string, MessageDescriptor> = defineMessages({
  'deal.pipelineId': { id: 'automation.field.dealPipelineId', defaultMessage: 'Pipeline' },
  // two fields are both "stage": one names the built-in stages by key, the other any stage
  'deal.stageId': { id: 'automation.field.dealStageId', defaultMessage: 'Stage (any, including stages added later)' },
  'deal.stageKey': { id: 'automation.field.dealStageKey', defaultMessage: 'Stage' },
  'deal.stageGroup': { id: 'automation.field.dealStageGroup', defaultMessage: 'Stage group' },
  'deal.ownerId': { id: 'automation.field.dealOwnerId', defaultMessage: 'Owner' },
  'deal.status': { id: 'automation.field.dealStatus', defaultMessage: 'Status' },
  'deal.source': { id: 'automation.field.dealSource', defaultMessage: 'Source' },
  'deal.qualification': { id: 'automation.field.dealQualification', defaultMessage: 'Qualification' },
  'deal.amount': { id: 'automation.field.dealAmount', defaultMessage: 'Amount' },
  'deal.currency': { id: 'automation.field.dealCurrency', defaultMessage: 'Currency' },
  'deal.missed': { id: 'automation.field.dealMissed', defaultMessage: 'Missed-call mark' },
  'deal.contactClass': { id: 'automation.field.dealContactClass', defaultMessage: "Contact's class" },
  'deal.completedTasks': { id: 'automation.field.dealCompletedTasks', defaultMessage: 'Completed tasks' },
  'deal.openTasks': { id: 'automation.field.dealOpenTasks', defaultMessage: 'Open tasks' },
  'deal.attempts': { id: 'automation.field.dealAttempts', defaultMessage: 'Outbound attempts' },
  'deal.unansweredAttempts': { id: 'automation.field.dealUnansweredAttempts', defaultMessage: 'Unanswered outbound attempts' },
  'deal.conversations': { id: 'automation.field.dealConversations', defaultMessage: 'Answered conversations' },
  'deal.meetings': { id: 'automation.field.dealMeetings', defaultMessage: 'Meetings' },
  'deal.offersSent': { id: 'automation.field.dealOffersSent', defaultMessage: 'Offers sent' },
  'deal.hoursInStage': { id: 'automation.field.dealHoursInStage', defaultMessage: 'Hours in the stage' },
  'event.direction': { id: 'automation.field.eventDirection', defaultMessage: 'Call direction' },
  'event.reason': { id: 'automation.field.eventReason', defaultMessage: 'Missed reason' },
  'event.outcome': { id: 'automation.field.eventOutcome', defaultMessage: 'Wrap-up outcome' },
  'event.field': { id: 'automation.field.eventField', defaultMessage: 'Changed field' },
  'event.fromStageKey': { id: 'automation.field.eventFromStageKey', defaultMessage: 'Previous stage' },
  'event.toStageKey': { id: 'automation.field.eventToStageKey', defaultMessage: 'New stage' },
  'event.taskType': { id: 'automation.field.eventTaskType', defaultMessage: 'Task type' },
  'event.offerStatus': { id: 'automation.field.eventOfferStatus', defaultMessage: 'Offer status' },
  'event.kind': { id: 'automation.field.eventKind', defaultMessage: 'Activity kind' },
  'event.visitType': { id: 'automation.field.eventVisitType', defaultMessage: 'Visit type' },
});

/** "a deal is created" -> "A deal is created". */
export const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A map's own entry (never one from Object.prototype, such as a key named "constructor"). */
export const own = <T>(map: Record<string, T>, key: string): T | undefined => (Object.hasOwn(map, key) ? map[key] : undefined);

/** A field for the field list; one the web app does not know yet keeps the catalog's (English) label. */
export function fieldLabel(intl: IntlShape, field: string, catalogLabel: string): string {
  const known = own(FIELD_LABELS, field);
  return known ? intl.formatMessage(known) : sentence(catalogLabel);
}

export function eventLabel(intl: IntlShape, event: RuleEvent, catalogLabel: string): string {
  const known = own(EVENT_LABELS, event);
  return known ? intl.formatMessage(known) : sentence(catalogLabel);
}

export function timerLabel(intl: IntlShape, timer: RuleTimer, catalogLabel: string): string {
  const known = own(TIMER_LABELS, timer);
  return known ? intl.formatMessage(known) : sentence(catalogLabel);
}

/** Fields whose value is a stage's key, a stage's id, a pipeline's id or a person. */
export const STAGE_KEY_FIELDS = new Set(['deal.stageKey', 'event.fromStageKey', 'event.toStageKey']);
export const STAGE_ID_FIELDS = new Set(['deal.stageId']);
export const PIPELINE_FIELDS = new Set(['deal.pipelineId']);
export const PERSON_FIELDS = new Set(['deal.ownerId']);
