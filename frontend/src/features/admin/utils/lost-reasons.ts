import { defineMessages, type IntlShape } from 'react-intl';

// Lost reasons are stored as keys. The install's defaults (setting sales.lost_reasons) have words
// in every language; a key a Head added is their own text, shown humanised and never translated.
const LOST_REASONS = defineMessages({
  price: { id: 'admin.lostReason.price', defaultMessage: 'Price' },
  competitor: { id: 'admin.lostReason.competitor', defaultMessage: 'Competitor' },
  no_budget: { id: 'admin.lostReason.no_budget', defaultMessage: 'No budget' },
  not_interested: { id: 'admin.lostReason.not_interested', defaultMessage: 'Not interested' },
  unreachable: { id: 'admin.lostReason.unreachable', defaultMessage: 'Unreachable' },
  other: { id: 'admin.lostReason.other', defaultMessage: 'Other' },
});

/** True for one of the install's default reasons, which have words in every language. */
export function isKnownLostReason(key: string): key is keyof typeof LOST_REASONS {
  return Object.hasOwn(LOST_REASONS, key);
}

/** A key a Head typed, as words: "no_budget" -> "No budget". */
export function humaniseKey(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A lost reason as text (for an option or an attribute): a default one translated, a Head's own humanised. */
export function lostReasonText(intl: IntlShape, key: string): string {
  return isKnownLostReason(key) ? intl.formatMessage(LOST_REASONS[key]) : humaniseKey(key);
}
