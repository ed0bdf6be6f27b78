import { defineMessage, defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { ReportName, SpeedBucket } from '@callboard/contracts';
import type { PeriodKey } from './period';
import { withValues } from './messages';
import { lostReasonText } from '@/features/activities';

// The words for what the reports API sends as keys. A key none of these knows (a lost reason a
// Head added, a status from a later version) is shown as its key, humanized.

/** The message for `key` in `map`, if it has one of its own (never Object's "toString" ...). */
function pick(map: Record<string, MessageDescriptor>, key: string): MessageDescriptor | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Each report's name, as its heading and the jump list say it. */
export const REPORT_TITLES: Record<ReportName, MessageDescriptor> = defineMessages({
  funnel: { id: 'reports.title.funnel', defaultMessage: 'Funnel' },
  'never-contacted': { id: 'reports.title.neverContacted', defaultMessage: 'Never contacted' },
  'dormant-contacts': { id: 'reports.title.dormantContacts', defaultMessage: 'Class-A contacts gone quiet' },
  'offer-conversion': { id: 'reports.title.offerConversion', defaultMessage: 'Lead → offer → order' },
  offers: { id: 'reports.title.offers', defaultMessage: 'Offers by status' },
  calls: { id: 'reports.title.calls', defaultMessage: 'Calls' },
  'speed-to-lead': { id: 'reports.title.speedToLead', defaultMessage: 'Speed to lead' },
  outcomes: { id: 'reports.title.outcomes', defaultMessage: 'Won and lost' },
  forecast: { id: 'reports.title.forecast', defaultMessage: 'Forecast' },
  conversations: { id: 'reports.title.conversations', defaultMessage: 'Conversations' },
});

/** Each report's name inside a sentence ("Loading {report}", "Could not load {report}: ..."). */
export const REPORT_NAMES_IN_SENTENCE: Record<ReportName, MessageDescriptor> = defineMessages({
  funnel: { id: 'reports.nameInSentence.funnel', defaultMessage: 'funnel' },
  'never-contacted': { id: 'reports.nameInSentence.neverContacted', defaultMessage: 'never contacted' },
  'dormant-contacts': { id: 'reports.nameInSentence.dormantContacts', defaultMessage: 'class-A contacts gone quiet' },
  'offer-conversion': { id: 'reports.nameInSentence.offerConversion', defaultMessage: 'lead → offer → order' },
  offers: { id: 'reports.nameInSentence.offers', defaultMessage: 'offers by status' },
  calls: { id: 'reports.nameInSentence.calls', defaultMessage: 'calls' },
  'speed-to-lead': { id: 'reports.nameInSentence.speedToLead', defaultMessage: 'speed to lead' },
  outcomes: { id: 'reports.nameInSentence.outcomes', defaultMessage: 'won and lost' },
  forecast: { id: 'reports.nameInSentence.forecast', defaultMessage: 'forecast' },
  conversations: { id: 'reports.nameInSentence.conversations', defaultMessage: 'conversations' },
});

/** What a CSV download that failed without a word from the server says. */
export const DOWNLOAD_FAILED = defineMessage({ id: 'reports.download.failed', defaultMessage: 'The download failed' });

/** The period presets as the filter lists them. */
export const PERIOD_LABELS: Record<PeriodKey, MessageDescriptor> = defineMessages({
  today: { id: 'reports.period.today', defaultMessage: 'Today' },
  'last-7': { id: 'reports.period.last7', defaultMessage: 'Last 7 days' },
  'last-30': { id: 'reports.period.last30', defaultMessage: 'Last 30 days' },
  'this-month': { id: 'reports.period.thisMonth', defaultMessage: 'This month' },
  'last-month': { id: 'reports.period.lastMonth', defaultMessage: 'Last month' },
  'this-quarter': { id: 'reports.period.thisQuarter', defaultMessage: 'This quarter' },
  'last-365': { id: 'reports.period.last365', defaultMessage: 'Last 365 days' },
  custom: { id: 'reports.period.custom', defaultMessage: 'Custom dates' },
});

/** Speed-to-lead buckets, in order, as people read them. */
export const SPEED_BUCKET_LABELS: Record<SpeedBucket, MessageDescriptor> = defineMessages({
  lt1m: { id: 'reports.speedBucket.lt1m', defaultMessage: '1 min or less' },
  '1to5m': { id: 'reports.speedBucket.1to5m', defaultMessage: '1–5 min' },
  '5to10m': { id: 'reports.speedBucket.5to10m', defaultMessage: '5–10 min' },
  '10to30m': { id: 'reports.speedBucket.10to30m', defaultMessage: '10–30 min' },
  '30to60m': { id: 'reports.speedBucket.30to60m', defaultMessage: '30–60 min' },
  '1to4h': { id: 'reports.speedBucket.1to4h', defaultMessage: '1–4 h' },
  '4to24h': { id: 'reports.speedBucket.4to24h', defaultMessage: '4–24 h' },
  gt24h: { id: 'reports.speedBucket.gt24h', defaultMessage: 'Over 24 h' },
});

/** A bucket's figure, for its list's title: whole sentences, as "after 1–5 min" reads differently in each language. */
export const SPEED_BUCKET_FIGURES: Record<SpeedBucket, MessageDescriptor> = defineMessages({
  lt1m: { id: 'reports.speedBucketFigure.lt1m', defaultMessage: 'Leads first contacted after 1 min or less' },
  '1to5m': { id: 'reports.speedBucketFigure.1to5m', defaultMessage: 'Leads first contacted after 1–5 min' },
  '5to10m': { id: 'reports.speedBucketFigure.5to10m', defaultMessage: 'Leads first contacted after 5–10 min' },
  '10to30m': { id: 'reports.speedBucketFigure.10to30m', defaultMessage: 'Leads first contacted after 10–30 min' },
  '30to60m': { id: 'reports.speedBucketFigure.30to60m', defaultMessage: 'Leads first contacted after 30–60 min' },
  '1to4h': { id: 'reports.speedBucketFigure.1to4h', defaultMessage: 'Leads first contacted after 1–4 h' },
  '4to24h': { id: 'reports.speedBucketFigure.4to24h', defaultMessage: 'Leads first contacted after 4–24 h' },
  gt24h: { id: 'reports.speedBucketFigure.gt24h', defaultMessage: 'Leads first contacted after over 24 h' },
});

/** The buckets that end at or before the SLA (10 minutes by default): coloured "within". */
export function bucketWithinSla(key: SpeedBucket, slaMinutes: number): boolean {
  const ends: Record<SpeedBucket, number> = { lt1m: 1, '1to5m': 5, '5to10m': 10, '10to30m': 30, '30to60m': 60, '1to4h': 240, '4to24h': 1440, gt24h: Infinity };
  return ends[key] <= slaMinutes;
}

const NO_REASON = defineMessage({ id: 'reports.lostReason.none', defaultMessage: 'No reason given' });

/** A lost reason as a label, in the deal page's words ("no_budget" -> "No budget"); null is "No reason given". */
export function lostReasonLabel(intl: IntlShape, reason: string | null): string {
  return reason === null ? intl.formatMessage(NO_REASON) : lostReasonText(intl, reason);
}

const OFFER_STATUSES: Record<string, MessageDescriptor> = defineMessages({
  draft: { id: 'reports.offerStatus.draft', defaultMessage: 'Draft' },
  sent: { id: 'reports.offerStatus.sent', defaultMessage: 'Sent' },
  confirmed: { id: 'reports.offerStatus.confirmed', defaultMessage: 'Confirmed' },
  in_follow_up: { id: 'reports.offerStatus.inFollowUp', defaultMessage: 'In follow up' },
  renegotiated: { id: 'reports.offerStatus.renegotiated', defaultMessage: 'Renegotiated' },
  accepted: { id: 'reports.offerStatus.accepted', defaultMessage: 'Accepted' },
  rejected: { id: 'reports.offerStatus.rejected', defaultMessage: 'Rejected' },
  postponed: { id: 'reports.offerStatus.postponed', defaultMessage: 'Postponed' },
});

/** An offer status as a label ("in_follow_up" -> "In follow up"). */
export function offerStatusLabel(intl: IntlShape, status: string): string {
  const known = pick(OFFER_STATUSES, status);
  return known ? intl.formatMessage(known) : humanize(status);
}

const OFFER_STATUS_FIGURES: Record<string, MessageDescriptor> = defineMessages({
  draft: { id: 'reports.offerStatusFigure.draft', defaultMessage: 'Offers draft' },
  sent: { id: 'reports.offerStatusFigure.sent', defaultMessage: 'Offers sent' },
  confirmed: { id: 'reports.offerStatusFigure.confirmed', defaultMessage: 'Offers confirmed' },
  in_follow_up: { id: 'reports.offerStatusFigure.inFollowUp', defaultMessage: 'Offers in follow up' },
  renegotiated: { id: 'reports.offerStatusFigure.renegotiated', defaultMessage: 'Offers renegotiated' },
  accepted: { id: 'reports.offerStatusFigure.accepted', defaultMessage: 'Offers accepted' },
  rejected: { id: 'reports.offerStatusFigure.rejected', defaultMessage: 'Offers rejected' },
  postponed: { id: 'reports.offerStatusFigure.postponed', defaultMessage: 'Offers postponed' },
});
const OTHER_FIGURES = withValues(
  defineMessages({
    offerStatus: { id: 'reports.offerStatusFigure.other', defaultMessage: 'Offers {status}' },
    wonSource: { id: 'reports.wonSourceFigure.other', defaultMessage: 'Won deals from {source}' },
  }),
);

/** A figure's words: a message and, when it has any, its values. */
export interface FigureWords {
  message: MessageDescriptor;
  values?: Record<string, string | number>;
}

/** The figure "offers in this status", for its list's title. */
export function offerStatusFigure(status: string): FigureWords {
  const known = pick(OFFER_STATUS_FIGURES, status);
  return known ? { message: known } : { message: OTHER_FIGURES.offerStatus, values: { status: humanize(status).toLowerCase() } };
}

const DEAL_SOURCES: Record<string, MessageDescriptor> = defineMessages({
  manual: { id: 'reports.dealSource.manual', defaultMessage: 'Manual' },
  inbound_call: { id: 'reports.dealSource.inboundCall', defaultMessage: 'Inbound call' },
  outbound_call: { id: 'reports.dealSource.outboundCall', defaultMessage: 'Outbound call' },
  web_form: { id: 'reports.dealSource.webForm', defaultMessage: 'Web form' },
  import: { id: 'reports.dealSource.import', defaultMessage: 'Import' },
});

/** Where a deal came from, as a label ("web_form" -> "Web form"). */
export function dealSourceLabel(intl: IntlShape, source: string): string {
  const known = pick(DEAL_SOURCES, source);
  return known ? intl.formatMessage(known) : humanize(source);
}

const WON_SOURCE_FIGURES: Record<string, MessageDescriptor> = defineMessages({
  manual: { id: 'reports.wonSourceFigure.manual', defaultMessage: 'Won deals from manual' },
  inbound_call: { id: 'reports.wonSourceFigure.inboundCall', defaultMessage: 'Won deals from inbound call' },
  outbound_call: { id: 'reports.wonSourceFigure.outboundCall', defaultMessage: 'Won deals from outbound call' },
  web_form: { id: 'reports.wonSourceFigure.webForm', defaultMessage: 'Won deals from web form' },
  import: { id: 'reports.wonSourceFigure.import', defaultMessage: 'Won deals from import' },
});

/** The figure "deals won from this source", for its list's title. */
export function wonSourceFigure(source: string): FigureWords {
  const known = pick(WON_SOURCE_FIGURES, source);
  return known ? { message: known } : { message: OTHER_FIGURES.wonSource, values: { source: humanize(source).toLowerCase() } };
}

const CALL_DIRECTIONS: Record<string, MessageDescriptor> = defineMessages({
  inbound: { id: 'reports.callDirection.inbound', defaultMessage: 'Inbound' },
  outbound: { id: 'reports.callDirection.outbound', defaultMessage: 'Outbound' },
});
const NO_DIRECTION = defineMessage({ id: 'reports.callDirection.none', defaultMessage: 'Call' });

/** A call's direction as a label; a call of unknown direction is a "Call". */
export function callDirectionLabel(intl: IntlShape, direction: string | null): string {
  if (direction === null) return intl.formatMessage(NO_DIRECTION);
  const known = pick(CALL_DIRECTIONS, direction);
  return known ? intl.formatMessage(known) : humanize(direction);
}

const CALL_OUTCOMES: Record<string, MessageDescriptor> = defineMessages({
  ringing: { id: 'reports.callOutcome.ringing', defaultMessage: 'Ringing' },
  answered: { id: 'reports.callOutcome.answered', defaultMessage: 'Answered' },
  completed: { id: 'reports.callOutcome.completed', defaultMessage: 'Completed' },
  missed: { id: 'reports.callOutcome.missed', defaultMessage: 'Missed' },
  transferred: { id: 'reports.callOutcome.transferred', defaultMessage: 'Transferred' },
});

/** A call's outcome as a label. */
export function callOutcomeLabel(intl: IntlShape, outcome: string): string {
  const known = pick(CALL_OUTCOMES, outcome);
  return known ? intl.formatMessage(known) : humanize(outcome);
}

const CLASSES = withValues(
  defineMessages({
    class: { id: 'reports.contactClass.class', defaultMessage: 'Class {class}' },
    none: { id: 'reports.contactClass.none', defaultMessage: 'No class' },
  }),
);

/** A contact class for a heading: "A" -> "Class A", null -> "No class" (the letter is never translated). */
export function classLabel(intl: IntlShape, importance: string | null): string {
  return importance ? intl.formatMessage(CLASSES.class, { class: importance }) : intl.formatMessage(CLASSES.none);
}

/** "in_follow_up" -> "In follow up", "inbound_call" -> "Inbound call": a key none of the lists above knows. */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : value;
}
