import type { OfferStatus, RejectReason } from '@callboard/contracts';

export const OFFER_STATUS_LABELS: Record<OfferStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  confirmed: 'Confirmed',
  in_follow_up: 'In follow-up',
  renegotiated: 'Renegotiated',
  accepted: 'Accepted',
  rejected: 'Rejected',
  postponed: 'Postponed',
};

export const REJECT_REASON_LABELS: Record<RejectReason, string> = { price: 'Price', competitor: 'Competitor', other: 'Other' };

export type SettableStatus = 'sent' | 'confirmed' | 'in_follow_up' | 'accepted' | 'rejected' | 'postponed';

// The server's transition table, to offer only moves it will take (it still has the last word).
const NEXT: Record<OfferStatus, SettableStatus[]> = {
  draft: ['sent'],
  sent: ['confirmed', 'in_follow_up', 'accepted', 'rejected', 'postponed'],
  confirmed: ['in_follow_up', 'accepted', 'rejected', 'postponed'],
  in_follow_up: ['confirmed', 'accepted', 'rejected', 'postponed'],
  postponed: ['in_follow_up', 'confirmed', 'accepted', 'rejected'],
  renegotiated: [],
  accepted: [],
  rejected: [],
};

export const nextStatuses = (s: OfferStatus): SettableStatus[] => NEXT[s];
export const canRevise = (s: OfferStatus): boolean => ['sent', 'confirmed', 'in_follow_up', 'postponed'].includes(s);
