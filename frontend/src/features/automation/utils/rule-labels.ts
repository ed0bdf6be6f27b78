import { CONDITION_OP_WORDS, OfferStatus } from '@callboard/contracts';
import { QUALIFICATION_LABELS } from '@/features/deal';
import { STAGE_GROUP_LABELS } from '@/features/pipelines';
import { TASK_TYPE_LABELS } from '@/features/tasks';
import type { ActionType, SetField } from './rule-draft';

// Words for everything a rule is made of: the screen never shows a field's or a value's internal name.

export const OP_LABELS = CONDITION_OP_WORDS;

export const ACTION_LABELS: Record<ActionType, string> = {
  move_stage: 'Move the deal to a stage',
  assign: 'Assign the deal to someone',
  create_task: 'Create a task',
  set_field: 'Set a field of the deal',
  notify: 'Notify in the app',
  email: 'Send an email',
};

export const SET_FIELD_LABELS: Record<SetField, string> = { qualification: 'Qualification', lostReason: 'Lost reason', missed: 'Missed-call mark' };

export const UNIT_LABELS = { minutes: 'minutes', hours: 'hours', days: 'days' } as const;

const words = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');

/** Fixed lists of values, in words, for the fields that take one of them. Stages, pipelines and people come from the server. */
export const VALUE_CHOICES: Record<string, Record<string, string>> = {
  'deal.qualification': { target_group: QUALIFICATION_LABELS.target_group, not_target_group: QUALIFICATION_LABELS.not_target_group },
  'deal.stageGroup': STAGE_GROUP_LABELS,
  'deal.status': { open: 'Open', won: 'Won', lost: 'Lost' },
  'deal.source': { manual: 'Entered by hand', inbound_call: 'Incoming call', outbound_call: 'Outgoing call', web_form: 'Web form', import: 'Import' },
  'event.direction': { inbound: 'Incoming', outbound: 'Outgoing' },
  'event.reason': { no_answer: 'No answer', caller_cancelled: 'Caller hung up', nobody_available: 'Nobody available', busy: 'Busy', rejected: 'Declined', failed: 'Failed' },
  'event.field': { ownerId: 'Owner', stageId: 'Stage', qualification: 'Qualification', amount: 'Amount', currency: 'Currency', title: 'Title', contactId: 'Contact', lostReason: 'Lost reason' },
  'event.taskType': TASK_TYPE_LABELS,
  'event.offerStatus': Object.fromEntries(OfferStatus.options.map((s) => [s, words(s)])),
  'event.kind': { visit: 'Visit', note: 'Note' },
  'event.visitType': { phone: 'Phone', on_site: 'On site', telepresence: 'Telepresence', offer_request: 'Offer request' },
};

/** Fields whose value is a stage's key, a stage's id, a pipeline's id or a person. */
export const STAGE_KEY_FIELDS = new Set(['deal.stageKey', 'event.fromStageKey', 'event.toStageKey']);
export const STAGE_ID_FIELDS = new Set(['deal.stageId']);
export const PIPELINE_FIELDS = new Set(['deal.pipelineId']);
export const PERSON_FIELDS = new Set(['deal.ownerId']);

/** "a deal is created" -> "A deal is created". */
export const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
