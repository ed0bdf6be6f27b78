import { defineMessages, type MessageDescriptor } from 'react-intl';
import type { OfferStatus, RejectReason } from '@callboard/contracts';

export const OFFER_STATUS_MESSAGES: Record<OfferStatus, MessageDescriptor> = defineMessages({
  draft: { id: 'offers.status.draft', defaultMessage: 'Draft' },
  sent: { id: 'offers.status.sent', defaultMessage: 'Sent' },
  confirmed: { id: 'offers.status.confirmed', defaultMessage: 'Confirmed' },
  in_follow_up: { id: 'offers.status.inFollowUp', defaultMessage: 'In follow-up' },
  renegotiated: { id: 'offers.status.renegotiated', defaultMessage: 'Renegotiated' },
  accepted: { id: 'offers.status.accepted', defaultMessage: 'Accepted' },
  rejected: { id: 'offers.status.rejected', defaultMessage: 'Rejected' },
  postponed: { id: 'offers.status.postponed', defaultMessage: 'Postponed' },
});

export const REJECT_REASON_MESSAGES: Record<RejectReason, MessageDescriptor> = defineMessages({
  price: { id: 'offers.rejectReason.price', defaultMessage: 'Price' },
  competitor: { id: 'offers.rejectReason.competitor', defaultMessage: 'Competitor' },
  other: { id: 'offers.rejectReason.other', defaultMessage: 'Other' },
});

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
