import { z } from 'zod';
import { Id } from './common';

/**
 * Reports (docs/reports.md defines every figure). A Head sees the team and may narrow to one rep;
 * a Seller sees only their own numbers. Every figure drills down to its records with the same
 * query plus a `cell` naming the figure.
 */
export const ReportName = z.enum([
  'funnel',
  'never-contacted',
  'dormant-contacts',
  'offer-conversion',
  'offers',
  'calls',
  'speed-to-lead',
  'outcomes',
  'forecast',
  'conversations',
]);
export type ReportName = z.infer<typeof ReportName>;

/** A calendar day, YYYY-MM-DD, read in the team's time zone. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '2000-01-01' && s <= '2100-12-31';
  }, 'must be a real date between 2000-01-01 and 2100-12-31');

/** The longest period a report covers: two years and a day. */
export const MAX_REPORT_DAYS = 732;

/** One rep's id, or `none` for what has no owner. A Seller may only name themselves. */
export const RepFilter = z.union([Id, z.literal('none')]);
export type RepFilter = z.infer<typeof RepFilter>;

const dayNumber = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;

/**
 * A report's filters, from the query string. `from` and `to` are days in the team's time zone,
 * both included. `rep` narrows a Head's report to one user (a Seller's is always themselves).
 * `days` is the "not contacted in N days" threshold of the dormant contacts report.
 */
const REPORT_FILTERS = {
  from: IsoDate,
  to: IsoDate,
  rep: RepFilter.optional(),
  pipeline: Id.optional(),
  days: z.coerce.number().int().min(1).max(3650).optional(),
};

/** The period must run forwards and cover at most MAX_REPORT_DAYS. */
const periodChecked = <T extends z.ZodType<{ from: string; to: string }>>(schema: T) =>
  schema
    .refine((q) => q.from <= q.to, { message: '"from" must not be after "to"', path: ['to'] })
    .refine((q) => dayNumber(q.to) - dayNumber(q.from) < MAX_REPORT_DAYS, {
      message: `a report covers at most ${MAX_REPORT_DAYS} days`,
      path: ['from'],
    });

export const ReportQuery = periodChecked(z.object(REPORT_FILTERS).strict());
export type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * Which figure to list (the records behind it). Per report:
 * - funnel: `cohort`, `reached:<stageId>`, `lost-at:<stageId>`, `lost-at:<stageId>:<reason|none>`, `won`, `lost`, `open`
 * - never-contacted: `unassigned`, `assigned`
 * - dormant-contacts: `dormant` (all of them), `never` (never contacted)
 * - offer-conversion: `leads`, `offer`, `order`
 * - offers: `all`, `status:<status>`
 * - calls: `inbound`, `answered`, `missed`, `outbound`, `outbound-answered`,
 *   `series:<YYYY-MM-DD>:answered|missed|outbound`, `class:<A|B|C|none>:calls|answered|missed`,
 *   `called-back`, `not-called-back`; a rep's own row (with `rep` set to that user):
 *   `rep-answered` (transfers to them included), `rep-outbound`, `rep-outbound-answered`, `rep-missed`
 * - speed-to-lead: `leads`, `contacted`, `within-sla`, `not-contacted`, `bucket:<SpeedBucket>`
 * - outcomes: `won`, `lost`, `won-source:<source>`, `lost-reason:<reason|none>`
 * - forecast: `month:<YYYY-MM>:<currency>`, `undated`
 * - conversations: `calls` (calls with conversation figures), `rep-interrupted` (those where the rep interrupted)
 * A per-rep figure is the same cell with `rep` set to that rep (`none`: deals without an owner).
 */
export const ReportCell = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_:.\-]+$/, 'must name a figure of the report');

export const ReportRecordsQuery = periodChecked(
  z
    .object({
      ...REPORT_FILTERS,
      cell: ReportCell,
      offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
    })
    .strict(),
);
export type ReportRecordsQuery = z.infer<typeof ReportRecordsQuery>;

/** A sum of money in one currency (exact decimal string). */
export const CurrencyAmount = z.object({ currency: z.string(), amount: z.string() });
export type CurrencyAmount = z.infer<typeof CurrencyAmount>;

const RepRef = { userId: Id.nullable(), name: z.string() };

/** What every report answers with besides its figures: the period it covers, in the team's zone. */
const Period = {
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  rep: RepFilter.nullable(),
};

export const FunnelStage = z.object({
  stageId: Id,
  name: z.string(),
  group: z.string(),
  /** Deals of the cohort that reached this stage or a later one (won deals reached every stage). */
  reached: z.number().int(),
  amounts: z.array(CurrencyAmount),
  /** reached(next stage) / reached(this stage); null for the last stage or when none reached it. */
  conversionToNext: z.number().nullable(),
  /** Deals of the cohort lost while in this stage, with their reasons. */
  lost: z.number().int(),
  lostReasons: z.array(z.object({ reason: z.string().nullable(), count: z.number().int() })),
});
export const FunnelReport = z.object({
  ...Period,
  pipelineId: Id,
  pipelineName: z.string(),
  /** Deals created in the period (the cohort). */
  cohort: z.number().int(),
  stages: z.array(FunnelStage),
  won: z.object({ count: z.number().int(), amounts: z.array(CurrencyAmount) }),
  lost: z.object({ count: z.number().int(), amounts: z.array(CurrencyAmount) }),
  open: z.number().int(),
  perRep: z.array(
    z.object({ ...RepRef, cohort: z.number().int(), reached: z.array(z.number().int()), won: z.number().int(), lost: z.number().int() }),
  ),
});
export type FunnelReport = z.infer<typeof FunnelReport>;

export const NeverContactedReport = z.object({
  ...Period,
  /** Unowned Unsorted deals never contacted (every Seller sees these). */
  unassigned: z.object({ count: z.number().int(), oldestAt: z.string().nullable() }),
  /** Owned open deals never contacted. */
  assigned: z.object({ count: z.number().int(), oldestAt: z.string().nullable() }),
  perRep: z.array(z.object({ ...RepRef, count: z.number().int(), oldestAt: z.string().nullable() })),
});
export type NeverContactedReport = z.infer<typeof NeverContactedReport>;

export const DormantContactsReport = z.object({
  ...Period,
  days: z.number().int(),
  /** Class-A contacts whose last contact is older than `days` days, or who were never contacted. */
  count: z.number().int(),
  neverContacted: z.number().int(),
  perRep: z.array(z.object({ ...RepRef, count: z.number().int() })),
});
export type DormantContactsReport = z.infer<typeof DormantContactsReport>;

export const OfferConversionReport = z.object({
  ...Period,
  leads: z.number().int(),
  withOffer: z.number().int(),
  withOrder: z.number().int(),
  perRep: z.array(z.object({ ...RepRef, leads: z.number().int(), withOffer: z.number().int(), withOrder: z.number().int() })),
});
export type OfferConversionReport = z.infer<typeof OfferConversionReport>;

export const OffersReport = z.object({
  ...Period,
  count: z.number().int(),
  byStatus: z.array(z.object({ status: z.string(), count: z.number().int(), amounts: z.array(CurrencyAmount) })),
});
export type OffersReport = z.infer<typeof OffersReport>;

export const CallsReport = z.object({
  ...Period,
  /** `day` for periods up to 62 days, else `week` (weeks start on Monday). */
  bucket: z.enum(['day', 'week']),
  inbound: z.number().int(),
  answered: z.number().int(),
  missed: z.number().int(),
  outbound: z.number().int(),
  outboundAnswered: z.number().int(),
  talkSeconds: z.number().int(),
  series: z.array(z.object({ start: z.string(), answered: z.number().int(), missed: z.number().int(), outbound: z.number().int() })),
  perRep: z.array(
    z.object({ ...RepRef, answered: z.number().int(), outbound: z.number().int(), outboundAnswered: z.number().int(), talkSeconds: z.number().int(), missed: z.number().int() }),
  ),
  perClass: z.array(z.object({ importance: z.string().nullable(), calls: z.number().int(), answered: z.number().int(), missed: z.number().int() })),
  callBack: z.object({
    missed: z.number().int(),
    calledBack: z.number().int(),
    medianSeconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
  }),
});
export type CallsReport = z.infer<typeof CallsReport>;

export const SpeedBucket = z.enum(['lt1m', '1to5m', '5to10m', '10to30m', '30to60m', '1to4h', '4to24h', 'gt24h']);
export type SpeedBucket = z.infer<typeof SpeedBucket>;

export const SpeedToLeadReport = z.object({
  ...Period,
  slaMinutes: z.number().int(),
  leads: z.number().int(),
  contacted: z.number().int(),
  withinSla: z.number().int(),
  notContacted: z.number().int(),
  medianSeconds: z.number().nullable(),
  buckets: z.array(z.object({ key: SpeedBucket, count: z.number().int() })),
  perRep: z.array(
    z.object({ ...RepRef, contacted: z.number().int(), withinSla: z.number().int(), medianSeconds: z.number().nullable() }),
  ),
});
export type SpeedToLeadReport = z.infer<typeof SpeedToLeadReport>;

export const OutcomesReport = z.object({
  ...Period,
  won: z.object({ count: z.number().int(), amounts: z.array(CurrencyAmount) }),
  lost: z.object({ count: z.number().int(), amounts: z.array(CurrencyAmount) }),
  /** Won deals by where they came from (deals carry no "won reason"). */
  wonBySource: z.array(z.object({ source: z.string(), count: z.number().int(), amounts: z.array(CurrencyAmount) })),
  lostByReason: z.array(z.object({ reason: z.string().nullable(), count: z.number().int(), amounts: z.array(CurrencyAmount) })),
  perRep: z.array(z.object({ ...RepRef, won: z.number().int(), lost: z.number().int() })),
});
export type OutcomesReport = z.infer<typeof OutcomesReport>;

export const ForecastReport = z.object({
  ...Period,
  /** One row per month (YYYY-MM) and currency: open amount and amount × stage probability. */
  months: z.array(z.object({ month: z.string(), currency: z.string(), deals: z.number().int(), open: z.string(), weighted: z.string() })),
  perRep: z.array(z.object({ ...RepRef, currency: z.string(), deals: z.number().int(), open: z.string(), weighted: z.string() })),
  /** Open deals without an expected close date. */
  undated: z.number().int(),
});
export type ForecastReport = z.infer<typeof ForecastReport>;

/** Conversation figures of one rep's calls, or of the team's (sums over the analysed calls). */
const ConversationSums = {
  /** Calls whose recording was analysed. */
  calls: z.number().int(),
  analysedSec: z.number(),
  repTalkSec: z.number(),
  callerTalkSec: z.number(),
  silenceSec: z.number(),
  /** repTalk / (repTalk + callerTalk) over all the calls; null when nobody spoke. */
  repTalkShare: z.number().nullable(),
  /** silence / analysed over all the calls; null when nothing was analysed. */
  silenceShare: z.number().nullable(),
  repInterruptions: z.number().int(),
  callerInterruptions: z.number().int(),
  /** Calls in which the rep interrupted at least once. */
  callsRepInterrupted: z.number().int(),
  /** The rep's longest monologue in any of the calls. */
  longestMonologueSec: z.number(),
  /** The rep's longest monologue per call, averaged over the calls; null with no calls. */
  avgLongestMonologueSec: z.number().nullable(),
};
export const ConversationsReport = z.object({
  ...Period,
  ...ConversationSums,
  perRep: z.array(z.object({ ...RepRef, ...ConversationSums })),
});
export type ConversationsReport = z.infer<typeof ConversationsReport>;

export interface ReportResponses {
  funnel: FunnelReport;
  'never-contacted': NeverContactedReport;
  'dormant-contacts': DormantContactsReport;
  'offer-conversion': OfferConversionReport;
  offers: OffersReport;
  calls: CallsReport;
  'speed-to-lead': SpeedToLeadReport;
  outcomes: OutcomesReport;
  forecast: ForecastReport;
  conversations: ConversationsReport;
}

export const ReportDealRecord = z.object({
  id: Id,
  title: z.string(),
  amount: z.string(),
  currency: z.string(),
  stageName: z.string(),
  status: z.string(),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  createdAt: z.string(),
  /** The moment the figure is about (first contact, close, expected close...), when there is one. */
  at: z.string().nullable(),
});
export const ReportContactRecord = z.object({
  id: Id,
  name: z.string(),
  company: z.string().nullable(),
  importance: z.string().nullable(),
  ownerId: Id.nullable(),
  ownerName: z.string().nullable(),
  lastContactAt: z.string().nullable(),
});
export const ReportCallRecord = z.object({
  id: Id,
  at: z.string(),
  direction: z.string().nullable(),
  outcome: z.string(),
  number: z.string().nullable(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  dealId: Id.nullable(),
  dealTitle: z.string().nullable(),
  repId: Id.nullable(),
  repName: z.string().nullable(),
  durationSec: z.number().int().nullable(),
  calledBackAt: z.string().nullable(),
});
export const ReportOfferRecord = z.object({
  id: Id,
  number: z.string(),
  version: z.number().int(),
  status: z.string(),
  total: z.string(),
  currency: z.string(),
  dealId: Id,
  dealTitle: z.string(),
  ownerName: z.string().nullable(),
  createdAt: z.string(),
});

/** The records behind one figure, one page at a time (`total` equals the figure). */
export const ReportRecords = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('deals'), total: z.number().int(), offset: z.number().int(), rows: z.array(ReportDealRecord) }),
  z.object({ kind: z.literal('contacts'), total: z.number().int(), offset: z.number().int(), rows: z.array(ReportContactRecord) }),
  z.object({ kind: z.literal('calls'), total: z.number().int(), offset: z.number().int(), rows: z.array(ReportCallRecord) }),
  z.object({ kind: z.literal('offers'), total: z.number().int(), offset: z.number().int(), rows: z.array(ReportOfferRecord) }),
]);
export type ReportRecords = z.infer<typeof ReportRecords>;
export type ReportDealRecord = z.infer<typeof ReportDealRecord>;
export type ReportContactRecord = z.infer<typeof ReportContactRecord>;
export type ReportCallRecord = z.infer<typeof ReportCallRecord>;
export type ReportOfferRecord = z.infer<typeof ReportOfferRecord>;

/** Rows per page of a drill-down. */
export const REPORT_RECORDS_PAGE = 100;
