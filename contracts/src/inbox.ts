import { z } from 'zod';
import { Id } from './common';
import { Deal } from './deals';

/**
 * The Unsorted inbox's actions (issue 17 part 6), the same for deals from calls and from web
 * forms. Each acts on a deal still in the inbox (a stage of the `inbox` group); one already
 * taken, merged or declined answers 409 INBOX_DEAL_GONE.
 */

/**
 * POST /api/deals/:id/accept: the deal is taken and moves to New. A Seller takes it themselves
 * (ownerId omitted or their own id); a Head names the rep, or takes it when omitted.
 */
export const AcceptInboxDealRequest = z.object({ ownerId: Id.optional() }).strict();
export type AcceptInboxDealRequest = z.infer<typeof AcceptInboxDealRequest>;

/** POST /api/deals/:id/merge: the inbox deal is folded into an open deal of the same contact. */
export const MergeInboxDealRequest = z.object({ intoDealId: Id }).strict();
export type MergeInboxDealRequest = z.infer<typeof MergeInboxDealRequest>;

/** What a merge moved onto the kept deal. */
export const MergeInboxDealResult = z.object({
  deal: Deal,
  moved: z.object({
    calls: z.number().int(),
    tasks: z.number().int(),
    activities: z.number().int(),
    offers: z.number().int(),
    timelineEntries: z.number().int(),
  }),
});
export type MergeInboxDealResult = z.infer<typeof MergeInboxDealResult>;

/** One lead declined as spam: hidden from every board and list, kept (a Head may restore it). */
export const DeclinedLead = z.object({
  deal: Deal,
  declinedAt: z.string(),
  declinedById: Id.nullable(),
  declinedByName: z.string().nullable(),
});
export type DeclinedLead = z.infer<typeof DeclinedLead>;

/** GET /api/inbox/declined: the count (all time and the last 7 days) and the newest declined leads. */
export const DeclinedLeadsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
export type DeclinedLeadsQuery = z.infer<typeof DeclinedLeadsQuery>;
export const DeclinedLeads = z.object({ total: z.number().int(), last7Days: z.number().int(), items: z.array(DeclinedLead) });
export type DeclinedLeads = z.infer<typeof DeclinedLeads>;
