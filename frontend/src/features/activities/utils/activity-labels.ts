import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { VisitStatus, VisitType } from '@callboard/contracts';

export const VISIT_TYPE_MESSAGES: Record<VisitType, MessageDescriptor> = defineMessages({
  phone: { id: 'activities.visitType.phone', defaultMessage: 'Phone' },
  on_site: { id: 'activities.visitType.onSite', defaultMessage: 'On site' },
  telepresence: { id: 'activities.visitType.telepresence', defaultMessage: 'Telepresence' },
  offer_request: { id: 'activities.visitType.offerRequest', defaultMessage: 'Offer request' },
});

export const VISIT_STATUS_MESSAGES: Record<VisitStatus, MessageDescriptor> = defineMessages({
  initial_contact: { id: 'activities.visitStatus.initialContact', defaultMessage: 'Initial contact' },
  contact: { id: 'activities.visitStatus.contact', defaultMessage: 'Contact' },
  offer: { id: 'activities.visitStatus.offer', defaultMessage: 'Offer' },
  offer_follow_up: { id: 'activities.visitStatus.offerFollowUp', defaultMessage: 'Offer follow-up' },
});

// The install's default lost reasons (setting `sales.lost_reasons`): stable keys, a word for each
// in every language. A Head may add more; those are the Head's own words (humaniseReasonKey).
const LOST_REASON_MESSAGES = defineMessages({
  price: { id: 'deal.lostReason.price', defaultMessage: 'Price' },
  competitor: { id: 'deal.lostReason.competitor', defaultMessage: 'Competitor' },
  no_budget: { id: 'deal.lostReason.no_budget', defaultMessage: 'No budget' },
  not_interested: { id: 'deal.lostReason.not_interested', defaultMessage: 'Not interested' },
  unreachable: { id: 'deal.lostReason.unreachable', defaultMessage: 'Unreachable' },
  other: { id: 'deal.lostReason.other', defaultMessage: 'Other' },
});

export type KnownLostReason = keyof typeof LOST_REASON_MESSAGES;

export function isKnownLostReason(key: string): key is KnownLostReason {
  return Object.hasOwn(LOST_REASON_MESSAGES, key);
}

/** A reason a Head added, "site_survey" → "Site survey": the Head's own words, shown as they typed them. */
export function humaniseReasonKey(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A lost reason in words: the translated label of a default key, else the Head's key humanised. */
export function lostReasonText(intl: IntlShape, key: string): string {
  return isKnownLostReason(key) ? intl.formatMessage(LOST_REASON_MESSAGES[key]) : humaniseReasonKey(key);
}
