import { z } from 'zod';
import { Currency, Id, IsoDateTime, Money, safeText } from './common';

export * from './automation';

// ---- tasks ----

export const TaskType = z.enum(['call_back', 'send_offer', 'meeting', 'other']);
export type TaskType = z.infer<typeof TaskType>;
export const TaskStatus = z.enum(['open', 'done']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const Task = z.object({
  id: Id,
  title: z.string(),
  type: TaskType,
  status: TaskStatus,
  dueAt: z.string().nullable(),
  assigneeId: Id.nullable(),
  assigneeName: z.string().nullable(),
  dealId: Id.nullable(),
  dealTitle: z.string().nullable(),
  contactId: Id.nullable(),
  /** The missed call a call-back task came from. */
  callId: Id.nullable(),
  /** Null when the system (a rule, the telephony) created it. */
  createdBy: Id.nullable(),
  completedAt: z.string().nullable(),
  /** Computed against the server's clock: open and due before now. */
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Task = z.infer<typeof Task>;

export const CreateTaskRequest = z
  .object({
    title: safeText(200).pipe(z.string().min(1)),
    type: TaskType.default('other'),
    dueAt: IsoDateTime.nullable().optional(),
    /** Head: anyone active; Seller: only themselves (the default). */
    assigneeId: Id.nullable().optional(),
    dealId: Id.nullable().optional(),
    contactId: Id.nullable().optional(),
  })
  .strict();
export type CreateTaskRequest = z.infer<typeof CreateTaskRequest>;

/** Edit or reschedule (dueAt) a task. */
export const UpdateTaskRequest = z
  .object({
    title: safeText(200).pipe(z.string().min(1)),
    type: TaskType,
    dueAt: IsoDateTime.nullable(),
    assigneeId: Id.nullable(),
  })
  .partial()
  .strict();
export type UpdateTaskRequest = z.infer<typeof UpdateTaskRequest>;

export const TaskListQuery = z.object({
  dealId: Id.optional(),
  contactId: Id.optional(),
  /** Head only, to see one rep's tasks. */
  assigneeId: Id.optional(),
  status: TaskStatus.optional(),
  /** today: due today; overdue: open and past due; upcoming: due after today. */
  due: z.enum(['today', 'overdue', 'upcoming']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

/** Per deal: open tasks overdue and due today, for badges on cards and the board. */
export const TaskBadge = z.object({
  dealId: Id,
  overdue: z.number().int(),
  dueToday: z.number().int(),
  nextDueAt: z.string().nullable(),
});
export type TaskBadge = z.infer<typeof TaskBadge>;
export const TaskBadgesQuery = z.object({ pipelineId: Id.optional() });
export type TaskBadgesQuery = z.infer<typeof TaskBadgesQuery>;

// ---- activities (visits, meetings, notes) ----

export const VisitType = z.enum(['phone', 'on_site', 'telepresence', 'offer_request']);
export type VisitType = z.infer<typeof VisitType>;
export const VisitStatus = z.enum(['initial_contact', 'contact', 'offer', 'offer_follow_up']);
export type VisitStatus = z.infer<typeof VisitStatus>;

export const Activity = z.object({
  id: Id,
  dealId: Id,
  kind: z.enum(['visit', 'note']),
  visitType: VisitType.nullable(),
  visitStatus: VisitStatus.nullable(),
  body: z.string(),
  occurredAt: z.string(),
  authorId: Id.nullable(),
  authorName: z.string().nullable(),
  createdAt: z.string(),
});
export type Activity = z.infer<typeof Activity>;

export const CreateActivityRequest = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('visit'),
      visitType: VisitType,
      visitStatus: VisitStatus,
      body: safeText(10_000).default(''),
      occurredAt: IsoDateTime.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('note'), body: safeText(10_000).pipe(z.string().min(1)) }).strict(),
]);
export type CreateActivityRequest = z.infer<typeof CreateActivityRequest>;

// ---- offers and orders ----

/** A quantity: positive decimal string, at most 3 fractional digits, below one million. */
export const Quantity = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? v.toString() : v.trim()))
  .refine((s) => /^\d{1,6}(\.\d{1,3})?$/.test(s), { message: 'must be a positive decimal below 1000000 with at most 3 decimals' })
  .refine((s) => Number(s) > 0, { message: 'must be greater than zero' });

/** A discount in percent, 0 to 100, at most 2 decimals. */
export const DiscountPercent = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? v.toString() : v.trim()))
  .refine((s) => /^\d{1,3}(\.\d{1,2})?$/.test(s) && Number(s) <= 100, { message: 'must be a percentage from 0 to 100' });

export const UnitPrice = Money.refine((s) => /^\d{1,10}(\.\d+)?$/.test(s), { message: 'must be below 10000000000' });

export const OfferItemInput = z
  .object({
    product: safeText(200).pipe(z.string().min(1)),
    quantity: Quantity,
    unitPrice: UnitPrice,
    discountPercent: DiscountPercent.default('0'),
  })
  .strict();
export type OfferItemInput = z.infer<typeof OfferItemInput>;

export const OfferItem = z.object({
  position: z.number().int(),
  product: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  discountPercent: z.string(),
  /** round(quantity × unit price × (100 − discount) / 100, 2), computed by PostgreSQL. */
  lineTotal: z.string(),
});
export type OfferItem = z.infer<typeof OfferItem>;

export const OfferStatus = z.enum([
  'draft',
  'sent',
  'confirmed',
  'in_follow_up',
  'renegotiated',
  'accepted',
  'rejected',
  'postponed',
]);
export type OfferStatus = z.infer<typeof OfferStatus>;
export const RejectReason = z.enum(['price', 'competitor', 'other']);
export type RejectReason = z.infer<typeof RejectReason>;

export const Offer = z.object({
  id: Id,
  /** Per year, gapless: "2026-0001". A renegotiated version keeps it with "/v2". */
  number: z.string(),
  version: z.number().int(),
  dealId: Id,
  contactId: Id.nullable(),
  sourceActivityId: Id.nullable(),
  sourceCallId: Id.nullable(),
  currency: z.string(),
  status: OfferStatus,
  rejectReason: RejectReason.nullable(),
  statusNote: z.string().nullable(),
  supersedesId: Id.nullable(),
  supersededById: Id.nullable(),
  total: z.string(),
  items: z.array(OfferItem),
  orderId: Id.nullable(),
  createdBy: Id.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Offer = z.infer<typeof Offer>;

export const CreateOfferRequest = z
  .object({
    dealId: Id,
    /** Must equal the deal's currency; defaults to it. */
    currency: Currency.optional(),
    items: z.array(OfferItemInput).min(1).max(200),
    sourceActivityId: Id.optional(),
    sourceCallId: Id.optional(),
  })
  .strict();
export type CreateOfferRequest = z.infer<typeof CreateOfferRequest>;

/** Replace the items of a draft. */
export const UpdateOfferRequest = z.object({ items: z.array(OfferItemInput).min(1).max(200), currency: Currency.optional() }).strict();
export type UpdateOfferRequest = z.infer<typeof UpdateOfferRequest>;

export const ChangeOfferStatusRequest = z
  .object({
    status: z.enum(['sent', 'confirmed', 'in_follow_up', 'accepted', 'rejected', 'postponed']),
    rejectReason: RejectReason.optional(),
    note: safeText(1000).optional(),
  })
  .strict()
  .refine((b) => b.status !== 'rejected' || b.rejectReason, { message: 'a rejection needs a reason', path: ['rejectReason'] });
export type ChangeOfferStatusRequest = z.infer<typeof ChangeOfferStatusRequest>;

/** Renegotiate: the offer becomes "renegotiated", a new draft version replaces it. */
export const ReviseOfferRequest = z.object({ items: z.array(OfferItemInput).min(1).max(200).optional() }).strict();
export type ReviseOfferRequest = z.infer<typeof ReviseOfferRequest>;

export const OfferListQuery = z.object({ dealId: Id.optional(), status: OfferStatus.optional(), limit: z.coerce.number().int().min(1).max(200).default(100) });
export type OfferListQuery = z.infer<typeof OfferListQuery>;

export const Order = z.object({
  id: Id,
  number: z.string(),
  offerId: Id,
  dealId: Id,
  contactId: Id.nullable(),
  currency: z.string(),
  total: z.string(),
  status: z.enum(['open', 'paid']),
  paidAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Order = z.infer<typeof Order>;
export const OrderListQuery = z.object({ dealId: Id.optional(), contactId: Id.optional(), limit: z.coerce.number().int().min(1).max(200).default(100) });
export type OrderListQuery = z.infer<typeof OrderListQuery>;

// ---- contacts' sales profile ----

export const ContactClass = z.enum(['A', 'B', 'C']);
export const CustomerTier = z.enum(['none', 'one_time', 'returning', 'regular']);
export type CustomerTier = z.infer<typeof CustomerTier>;
export const Consents = z.object({ email: z.boolean(), phone: z.boolean(), newsletter: z.boolean() });

export const SalesProfile = z.object({
  contactId: Id,
  class: ContactClass.nullable(),
  consents: Consents,
  customerSince: z.string().nullable(),
  paidOrders: z.number().int(),
  /** one-time: 1 paid order; returning: 2+; regular: paid in each of the last 3 calendar months. */
  tier: CustomerTier,
});
export type SalesProfile = z.infer<typeof SalesProfile>;
export const UpdateSalesProfileRequest = z
  .object({ class: ContactClass.nullable(), consents: Consents.partial().strict() })
  .partial()
  .strict();
export type UpdateSalesProfileRequest = z.infer<typeof UpdateSalesProfileRequest>;

// ---- closing as lost ----

export const LostReasonsSettings = z
  .object({
    reasons: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/, 'must be a short snake_case key')).min(1).max(50),
    /** When true, closing a deal as lost without a reason is refused. */
    required: z.boolean(),
  })
  .strict();
export type LostReasonsSettings = z.infer<typeof LostReasonsSettings>;
export const CloseLostRequest = z.object({ reason: z.string().max(40).optional(), note: safeText(1000).optional() }).strict();
export type CloseLostRequest = z.infer<typeof CloseLostRequest>;

// ---- notifications ----

export const Notification = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  dealId: Id.nullable(),
  ruleId: Id.nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationListQuery = z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

// ---- today list ----

export const TodayItem = z.object({
  /** `unclaimed_call_back`: a missed call's call-back nobody owns yet; on every Seller's list until one claims it. */
  kind: z.enum(['new_lead', 'due_today', 'unanswered_yesterday', 'overdue', 'unclaimed_call_back', 'wrap_up']),
  /** `wrap_up`: a call's wrap-up the rep has not saved yet; first on the list until done or dismissed. */
  wrapUpId: Id.nullable().optional(),
  dealId: Id.nullable(),
  dealTitle: z.string().nullable(),
  amount: z.string().nullable(),
  currency: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  taskId: Id.nullable(),
  taskTitle: z.string().nullable(),
  dueAt: z.string().nullable(),
  /** When the lead came in, or the unanswered attempt was made. */
  at: z.string().nullable(),
});
export type TodayItem = z.infer<typeof TodayItem>;
export const TodayList = z.object({ userId: Id, date: z.string(), items: z.array(TodayItem) });
export type TodayList = z.infer<typeof TodayList>;
export const TodayQuery = z.object({ userId: Id.optional() });
export type TodayQuery = z.infer<typeof TodayQuery>;
/**
 * Clears a row that is not a task from the caller's own list for the rest of today (the rep dealt
 * with it another way); it comes back tomorrow if it still applies. A task's row is cleared by
 * completing the task.
 */
export const DismissTodayItemRequest = z.object({ kind: z.enum(['new_lead', 'unanswered_yesterday']), dealId: Id }).strict();
export type DismissTodayItemRequest = z.infer<typeof DismissTodayItemRequest>;

/** One rep's figures for today (the business day), for the Head's team view. */
export const RepTodayFigures = z.object({
  userId: Id,
  name: z.string(),
  /** Calls the rep answered, and outbound calls the rep placed (answered or not). */
  calls: z.number().int(),
  /** Seconds talked on those calls. */
  talkSeconds: z.number().int(),
  /** Inbound calls that rang the rep (or were theirs) and that nobody answered. */
  missed: z.number().int(),
  /** Deals the rep moved to another stage today. */
  dealsMoved: z.number().int(),
  /** Wrap-ups owed for today's calls: saved, still pending, dismissed without saving. */
  wrapUpsDone: z.number().int(),
  wrapUpsPending: z.number().int(),
  wrapUpsDismissed: z.number().int(),
});
export type RepTodayFigures = z.infer<typeof RepTodayFigures>;
export const TeamTodayFigures = z.object({ date: z.string(), reps: z.array(RepTodayFigures) });
export type TeamTodayFigures = z.infer<typeof TeamTodayFigures>;
