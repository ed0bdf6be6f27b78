import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { Qualification } from '@callboard/contracts';
import { VISIT_TYPE_MESSAGES } from '@/features/activities';
import { QUALIFICATION_MESSAGES } from '@/features/deal';
import { STAGE_GROUP_NAMES } from '@/features/pipelines';
import { TASK_TYPE_MESSAGES } from '@/features/tasks';
import { own } from './rule-labels';

// The words for the values of the fields that take one of a fixed list: the features that own a
// value give its words (a stage group, a qualification, a task or visit type); the rest are the
// rule editor's own. Stages, pipelines and people are the team's names and come from the server.

const QUALIFIED: Qualification[] = ['target_group', 'not_target_group'];

/** A qualification a rule can look for or set (not "none": that is an empty value). */
export const QUALIFICATION_CHOICES: Record<Qualification, MessageDescriptor> = Object.fromEntries(
  QUALIFIED.map((q) => [q, QUALIFICATION_MESSAGES[q]]),
) as Record<Qualification, MessageDescriptor>;

const VALUE_CHOICES: Record<string, Record<string, MessageDescriptor>> = {
  'deal.qualification': QUALIFICATION_CHOICES,
  'deal.stageGroup': STAGE_GROUP_NAMES,
  'deal.status': defineMessages({
    open: { id: 'automation.value.status.open', defaultMessage: 'Open' },
    won: { id: 'automation.value.status.won', defaultMessage: 'Won' },
    lost: { id: 'automation.value.status.lost', defaultMessage: 'Lost' },
  }),
  'deal.source': defineMessages({
    manual: { id: 'automation.value.source.manual', defaultMessage: 'Entered by hand' },
    inbound_call: { id: 'automation.value.source.inboundCall', defaultMessage: 'Incoming call' },
    outbound_call: { id: 'automation.value.source.outboundCall', defaultMessage: 'Outgoing call' },
    web_form: { id: 'automation.value.source.webForm', defaultMessage: 'Web form' },
    import: { id: 'automation.value.source.import', defaultMessage: 'Import' },
  }),
  'event.direction': defineMessages({
    inbound: { id: 'automation.value.direction.inbound', defaultMessage: 'Incoming' },
    outbound: { id: 'automation.value.direction.outbound', defaultMessage: 'Outgoing' },
  }),
  'event.reason': defineMessages({
    no_answer: { id: 'automation.value.missedReason.noAnswer', defaultMessage: 'No answer' },
    caller_cancelled: { id: 'automation.value.missedReason.callerCancelled', defaultMessage: 'Caller hung up' },
    nobody_available: { id: 'automation.value.missedReason.nobodyAvailable', defaultMessage: 'Nobody available' },
    busy: { id: 'automation.value.missedReason.busy', defaultMessage: 'Busy' },
    rejected: { id: 'automation.value.missedReason.rejected', defaultMessage: 'Declined' },
    failed: { id: 'automation.value.missedReason.failed', defaultMessage: 'Failed' },
  }),
  'event.field': defineMessages({
    ownerId: { id: 'automation.value.changedField.owner', defaultMessage: 'Owner' },
    stageId: { id: 'automation.value.changedField.stage', defaultMessage: 'Stage' },
    qualification: { id: 'automation.value.changedField.qualification', defaultMessage: 'Qualification' },
    amount: { id: 'automation.value.changedField.amount', defaultMessage: 'Amount' },
    currency: { id: 'automation.value.changedField.currency', defaultMessage: 'Currency' },
    title: { id: 'automation.value.changedField.title', defaultMessage: 'Title' },
    contactId: { id: 'automation.value.changedField.contact', defaultMessage: 'Contact' },
    lostReason: { id: 'automation.value.changedField.lostReason', defaultMessage: 'Lost reason' },
  }),
  'event.taskType': TASK_TYPE_MESSAGES,
  'event.offerStatus': defineMessages({
    draft: { id: 'automation.value.offerStatus.draft', defaultMessage: 'Draft' },
    sent: { id: 'automation.value.offerStatus.sent', defaultMessage: 'Sent' },
    confirmed: { id: 'automation.value.offerStatus.confirmed', defaultMessage: 'Confirmed' },
    in_follow_up: { id: 'automation.value.offerStatus.inFollowUp', defaultMessage: 'In follow-up' },
    renegotiated: { id: 'automation.value.offerStatus.renegotiated', defaultMessage: 'Renegotiated' },
    accepted: { id: 'automation.value.offerStatus.accepted', defaultMessage: 'Accepted' },
    rejected: { id: 'automation.value.offerStatus.rejected', defaultMessage: 'Rejected' },
    postponed: { id: 'automation.value.offerStatus.postponed', defaultMessage: 'Postponed' },
  }),
  'event.kind': defineMessages({
    visit: { id: 'automation.value.activityKind.visit', defaultMessage: 'Visit' },
    note: { id: 'automation.value.activityKind.note', defaultMessage: 'Note' },
  }),
  'event.visitType': VISIT_TYPE_MESSAGES,
};

/** The values a field takes from a fixed list, in words, or null for a field without one. */
export function valueChoices(intl: IntlShape, field: string): [value: string, label: string][] | null {
  const fixed = own(VALUE_CHOICES, field);
  return fixed ? Object.entries(fixed).map(([value, m]) => [value, intl.formatMessage(m)]) : null;
}

/** One value of a fixed list in words, or undefined when the field has no list or the value is not on it. */
export function valueLabel(intl: IntlShape, field: string, value: string): string | undefined {
  const fixed = own(VALUE_CHOICES, field);
  const m = fixed && own(fixed, value);
  return m ? intl.formatMessage(m) : undefined;
}
