import type { VisitStatus, VisitType } from '@callboard/contracts';

export const VISIT_TYPE_LABELS: Record<VisitType, string> = {
  phone: 'Phone',
  on_site: 'On site',
  telepresence: 'Telepresence',
  offer_request: 'Offer request',
};

export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  initial_contact: 'Initial contact',
  contact: 'Contact',
  offer: 'Offer',
  offer_follow_up: 'Offer follow-up',
};

/** "no_budget" → "No budget": lost reasons are snake_case keys set by the Head. */
export function reasonLabel(key: string): string {
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
