import type { OfferStatus } from '@callboard/contracts';

/** Where an offer may go from each status. Renegotiation goes through POST /offers/{id}/revise. */
export const NEXT: Record<OfferStatus, OfferStatus[]> = {
  draft: ['sent'],
  sent: ['confirmed', 'in_follow_up', 'accepted', 'rejected', 'postponed'],
  confirmed: ['in_follow_up', 'accepted', 'rejected', 'postponed'],
  in_follow_up: ['confirmed', 'accepted', 'rejected', 'postponed'],
  postponed: ['in_follow_up', 'confirmed', 'accepted', 'rejected'],
  renegotiated: [],
  accepted: [],
  rejected: [],
};

/** Statuses from which an offer can be renegotiated into a new version. */
export const REVISABLE: OfferStatus[] = ['sent', 'confirmed', 'in_follow_up', 'postponed'];
