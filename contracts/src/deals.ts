import { z } from 'zod';
import { Currency, Id, Money, safeText } from './common';

export const DealStatus = z.enum(['open', 'won', 'lost']);
export type DealStatus = z.infer<typeof DealStatus>;

export const DealSource = z.enum(['manual', 'inbound_call', 'outbound_call', 'web_form', 'import']);
export type DealSource = z.infer<typeof DealSource>;

/**
 * Whether a deal's contact is in the team's target group; null = not qualified yet. A fixed list:
 * the default rules compare against `target_group`.
 */
export const Qualification = z.enum(['target_group', 'not_target_group']);
export type Qualification = z.infer<typeof Qualification>;

/**
 * A deal's tag: a short label, trimmed, 1 to 32 characters, no control characters (tab and
 * newline included). Kept as typed; compared case-insensitively.
 */
export const Tag = z
  .string()
  .max(200)
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), { message: 'must not contain control characters' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty').max(32, 'must be at most 32 characters'));
export type Tag = z.infer<typeof Tag>;

/** At most 10 tags on a deal, unique regardless of case. */
export const Tags = z
  .array(Tag)
  .max(10, 'a deal has at most 10 tags')
  .refine((tags) => new Set(tags.map((t) => t.toLowerCase())).size === tags.length, {
    message: 'tags must be unique (regardless of case)',
  });

export const Deal = z.object({
  id: Id,
  title: z.string(),
  /** Exact decimal as a string, e.g. "1250.00". */
  amount: z.string(),
  currency: z.string(),
  pipelineId: Id,
  stageId: Id,
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  source: DealSource,
  status: DealStatus,
  /** Order inside the stage's column: ascending; new cards go on top. */
  position: z.number(),
  /** Set when the last inbound call on an Unsorted deal went unanswered. */
  missed: z.boolean(),
  lostReason: z.string().nullable(),
  qualification: Qualification.nullable(),
  stageEnteredAt: z.string(),
  lastContactAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Its labels, in the order they were added; optional for older servers. */
  tags: z.array(z.string()).optional(),
  /** When the deal is expected to close, "YYYY-MM-DD"; optional for older servers. */
  expectedCloseOn: z.string().nullable().optional(),
  /**
   * The deal's next open task (earliest due first, undated last); null when it has none. Sent
   * by the board and the deal list; absent on other paths (socket events, a single deal).
   */
  nextTask: z.object({ id: Id, title: z.string(), dueAt: z.string().nullable() }).nullable().optional(),
  /** Where a web-form lead came from (issue 17): the form, the page and its UTM tags; null otherwise. */
  leadDetails: z
    .object({
      formId: Id.nullable(),
      formName: z.string().nullable(),
      pageUrl: z.string().nullable(),
      utm: z.object({ source: z.string().nullable(), medium: z.string().nullable(), campaign: z.string().nullable(), term: z.string().nullable(), content: z.string().nullable() }),
    })
    .nullable()
    .optional(),
});
export type Deal = z.infer<typeof Deal>;
export type LeadDetails = NonNullable<Deal['leadDetails']>;
export type NextTask = NonNullable<Deal['nextTask']>;

/** An expected close date: "YYYY-MM-DD" that exists, between 2000-01-01 and 2100-12-31. */
const CloseDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date')
  .refine((s) => s >= '2000-01-01' && s <= '2100-12-31', 'must be between 2000-01-01 and 2100-12-31');

export const CreateDealRequest = z.object({
  title: safeText(200).pipe(z.string().min(1)),
  amount: Money.optional(),
  currency: Currency.optional(),
  pipelineId: Id.optional(),
  stageId: Id.optional(),
  contactId: Id.nullable().optional(),
  /** Head only; a Seller's new deals are their own. */
  ownerId: Id.nullable().optional(),
  tags: Tags.optional(),
});
export type CreateDealRequest = z.infer<typeof CreateDealRequest>;

export const UpdateDealRequest = z
  .object({
    title: safeText(200).pipe(z.string().min(1)),
    amount: Money,
    currency: Currency,
    contactId: Id.nullable(),
    ownerId: Id.nullable(),
    qualification: Qualification.nullable(),
    lostReason: safeText(200).nullable(),
    /** The whole new list (replaces the old one). */
    tags: Tags,
    /** The expected close date, or null to clear it. */
    expectedCloseOn: CloseDate.nullable(),
  })
  .partial()
  .strict();
export type UpdateDealRequest = z.infer<typeof UpdateDealRequest>;

export const MoveDealRequest = z.object({
  stageId: Id,
  /** Target position; omit to put the card on top of the column. */
  position: z.number().finite().optional(),
  /**
   * Why the deal was lost, from the Head's list (GET /api/settings/lost-reasons). Used only when
   * the move takes the deal into a lost-group stage; refused there without one when the Head made
   * it required (LOST_REASON_REQUIRED).
   */
  lostReason: z.string().max(40).optional(),
});
export type MoveDealRequest = z.infer<typeof MoveDealRequest>;

const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/** The board's and the list's filters (besides pipeline and owner); every one optional. */
export const DealFilters = z.object({
  source: DealSource.optional(),
  /** Amount range, inclusive, in the deal's own currency (no conversion). */
  minAmount: Money.optional(),
  maxAmount: Money.optional(),
  /** Only open deals with no open task. */
  noNextTask: flag.optional(),
  /** Only deals carrying this tag (case-insensitive). */
  tag: Tag.optional(),
});
export type DealFilters = z.infer<typeof DealFilters>;

export const DealListQuery = z.object({
  pipelineId: Id.optional(),
  stageId: Id.optional(),
  /** Head only: one rep's deals; "none" for unowned. */
  ownerId: z.union([Id, z.literal('none')]).optional(),
  /** One contact's deals (the contact page); visibility as always. */
  contactId: Id.optional(),
  q: safeText(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).extend(DealFilters.shape);
export type DealListQuery = z.infer<typeof DealListQuery>;

export const BoardQuery = z
  .object({
    pipelineId: Id.optional(),
    ownerId: z.union([Id, z.literal('none')]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .extend(DealFilters.shape);
export type BoardQuery = z.infer<typeof BoardQuery>;

export const BoardColumn = z.object({
  stageId: Id,
  count: z.number().int(),
  /** Sum of the column's amounts as given, whatever their currency (kept for older clients: use `amounts`). */
  amount: z.string(),
  /** One total per currency in the column, by currency code; no conversion. */
  amounts: z.array(z.object({ currency: z.string(), amount: z.string() })).optional(),
  deals: z.array(Deal),
  nextCursor: z.string().nullable(),
});
export type BoardColumn = z.infer<typeof BoardColumn>;

export const Board = z.object({ pipelineId: Id, columns: z.array(BoardColumn) });
export type Board = z.infer<typeof Board>;

/** GET /api/deals/tags: the tags on deals the caller can see, most used first. */
export const TagUsage = z.object({ tag: z.string(), count: z.number().int() });
export type TagUsage = z.infer<typeof TagUsage>;

export const DealEventType = z.enum([
  'created',
  'moved',
  'reassigned',
  'edited',
  'call',
  'note',
  'task',
  'offer',
  'rule',
  'transferred',
  /** A call's wrap-up was saved (outcome, note, next task). */
  'wrap_up',
  /** Inbox (issue 17): declined as spam, restored, or another inbox deal merged into this one (and on that one: merged away). */
  'declined_spam',
  'restored',
  'merged',
  /** A web form was submitted for this deal (issue 17): the form, page, UTM tags and the message. */
  'web_form',
]);
export type DealEventType = z.infer<typeof DealEventType>;

export const DealEvent = z.object({
  id: Id,
  dealId: Id,
  type: DealEventType,
  /**
   * Who did it: a user, the system (a rule, the telephony), or an integration's API key (then
   * `actorId` and `actorName` are the key's id and name; the key acts for the Head who made it).
   */
  actorKind: z.enum(['user', 'system', 'api_key']),
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type DealEvent = z.infer<typeof DealEvent>;

/**
 * Position for a card dropped between `before` (the card above) and `after` (the card below).
 * Positions ascend down a column. Pure and shared so that client and server agree.
 */
export function positionBetween(before: number | null, after: number | null): number {
  if (before === null && after === null) return 0;
  if (before === null) return (after as number) - 1024;
  if (after === null) return before + 1024;
  if (before >= after) return before + Number.EPSILON * Math.max(1, Math.abs(before));
  return before + (after - before) / 2;
}
