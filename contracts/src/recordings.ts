import { z } from 'zod';
import { Id } from './common';
import { IsoDate } from './reports';

/**
 * Issue 16: calls recorded by the media server (rtpengine), never by the browser.
 * Shared by the recording media side (rtpengine + its recording daemon, which produce files in a
 * spool folder) and the recordings module (policy, storage, rights, retention).
 */

/** A Head's policy: nothing, every call (with a notice to the caller), or when the rep presses Record. */
export const RecordingPolicy = z.enum(['off', 'every_call', 'on_demand']);
export type RecordingPolicy = z.infer<typeof RecordingPolicy>;

/** A stretch of a recording the rep paused (seconds from the recording's start). */
export const RecordingPause = z.object({ fromSec: z.number().nonnegative(), toSec: z.number().nonnegative() });
export type RecordingPause = z.infer<typeof RecordingPause>;

/**
 * What the media side reports when a call's recording is finished (or failed).
 * `spoolFile` is a bare file name inside the spool folder (never a path: checked on receipt).
 */
export const RecordingFinished = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('finished'),
    sipCallId: z.string().min(1).max(255),
    spoolFile: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/),
    /** 2 = the caller on one channel and the rep on the other. */
    channels: z.union([z.literal(1), z.literal(2)]),
    /** Which channel holds the rep (the team's side), when two. */
    repChannel: z.union([z.literal(0), z.literal(1)]).nullable(),
    startedAt: z.string().datetime({ offset: true }),
    endedAt: z.string().datetime({ offset: true }),
    pauses: z.array(RecordingPause).max(1000),
  }),
  z.object({
    status: z.literal('failed'),
    sipCallId: z.string().min(1).max(255),
    /** `disk_full`: the recording stopped, the call went on. */
    reason: z.enum(['disk_full', 'media_error']),
    at: z.string().datetime({ offset: true }),
  }),
]);
export type RecordingFinished = z.infer<typeof RecordingFinished>;

/** A recording as the API shows it (never its path on disk). */
export const Recording = z.object({
  id: Id,
  callId: Id,
  durationSec: z.number().nonnegative(),
  channels: z.union([z.literal(1), z.literal(2)]),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  startedAt: z.string(),
  pauses: z.array(RecordingPause),
  /** Where to play it: GET with Range requests (206). */
  url: z.string(),
  /** How many times it was played (the listen log's lines); only in a Head's `GET /api/recordings`. */
  listenCount: z.number().int().nonnegative().optional(),
});
export type Recording = z.infer<typeof Recording>;

// ---- The recordings module's API (issue 16, part 3). Additive: the schemas above are unchanged. ----

/** A pipeline's own policy (overrides the team default). */
export const PipelineRecordingPolicy = z.object({ pipelineId: Id, policy: RecordingPolicy }).strict();
export type PipelineRecordingPolicy = z.infer<typeof PipelineRecordingPolicy>;

/** A sales number's own policy (the number the carrier called, E.164); overrides pipeline and team. */
export const NumberRecordingPolicy = z
  .object({ number: z.string().regex(/^\+[1-9][0-9]{5,14}$/, 'must be an E.164 number, e.g. +3612345678'), policy: RecordingPolicy })
  .strict();
export type NumberRecordingPolicy = z.infer<typeof NumberRecordingPolicy>;

/** Days a recording is kept before the retention timer deletes it (file and row). */
export const RetentionDays = z.number().int('must be a whole number').min(1).max(3650);

/**
 * GET/PUT /api/recordings/settings (Head). Which policy applies to a call: the called sales
 * number's, else the deal's pipeline's, else the team default.
 */
export const RecordingSettings = z
  .object({
    defaultPolicy: RecordingPolicy,
    pipelines: z.array(PipelineRecordingPolicy).max(200),
    numbers: z.array(NumberRecordingPolicy).max(200),
    retentionDays: RetentionDays,
  })
  .strict();
export type RecordingSettings = z.infer<typeof RecordingSettings>;

/** GET /api/recordings/settings also says whether the media server can record at all. */
export const RecordingSettingsView = RecordingSettings.extend({ available: z.boolean() });
export type RecordingSettingsView = z.infer<typeof RecordingSettingsView>;

/**
 * A call's recording as the rep and the timeline see it:
 * `ready` (policy on demand: Record may be pressed), `recording`, `paused`, `stored` (the file is
 * kept: `recording` is set), `failed` (stopped, e.g. the disk was full; the call went on),
 * `unavailable` (the policy wants it but the media server cannot record).
 */
export const CallRecordingStatus = z.enum(['ready', 'recording', 'paused', 'stopped', 'stored', 'failed', 'unavailable']);
export type CallRecordingStatus = z.infer<typeof CallRecordingStatus>;

export const CallRecordingState = z.object({
  /** The call's SIP Call-ID (as the softphone and the timeline know the call). */
  sipCallId: z.string(),
  callId: Id,
  policy: RecordingPolicy,
  status: CallRecordingStatus,
  failure: z.enum(['disk_full', 'media_error']).nullable(),
  recording: Recording.nullable(),
});
export type CallRecordingState = z.infer<typeof CallRecordingState>;

/**
 * GET /api/recordings?dealId=|contactId=|sipCallIds=: the calls' recordings the caller may hear.
 * `sipCallIds`: up to 100 SIP Call-IDs, comma-separated (a page of the call history).
 */
export const RecordingListQuery = z
  .object({
    dealId: Id.optional(),
    contactId: Id.optional(),
    sipCallIds: z
      .string()
      .max(100 * 256)
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(z.string().min(1).max(255)).min(1).max(100))
      .optional(),
  })
  .strict()
  .refine((q) => [q.dealId, q.contactId, q.sipCallIds].filter(Boolean).length === 1, 'give exactly one of dealId, contactId, sipCallIds');
export type RecordingListQuery = z.infer<typeof RecordingListQuery>;

/** POST /api/recordings/:id/playback: a URL the <audio> element can play and seek (Range) for a while; the listen is logged once here. */
export const RecordingPlayback = z.object({ url: z.string(), expiresAt: z.string() });
export type RecordingPlayback = z.infer<typeof RecordingPlayback>;

/** The call a listen was of, as it is now (an erased contact's number and name are gone). */
export const RecordingListenCall = z.object({
  sipCallId: z.string(),
  direction: z.enum(['inbound', 'outbound']).nullable(),
  /** The other party's number: the caller's (inbound) or the dialled one (outbound). */
  number: z.string().nullable(),
  contactId: Id.nullable(),
  /** The contact's name, else the caller's display name as the carrier sent it (typed by strangers: text, never markup). */
  contactName: z.string().nullable(),
  /** The rep who handled the call: who answered it, or who placed it (outbound). */
  repId: Id.nullable(),
  repName: z.string().nullable(),
  dealId: Id.nullable(),
  dealTitle: z.string().nullable(),
  /** When the call came in or was placed. */
  at: z.string().nullable(),
});
export type RecordingListenCall = z.infer<typeof RecordingListenCall>;

/** One listen (the start of a playback), for the Heads' listen log. */
export const RecordingListen = z.object({
  id: z.string(),
  recordingId: Id,
  callId: Id.nullable(),
  /** Who listened. */
  userId: Id,
  userName: z.string(),
  at: z.string(),
  /** False once retention or an erasure deleted the recording (the log outlives it). */
  recordingKept: z.boolean(),
  call: RecordingListenCall.nullable(),
});
export type RecordingListen = z.infer<typeof RecordingListen>;

/**
 * The listen log's filters: one recording or call, one listener (`userId`), a period of days in
 * the team's time zone (`from`, `to`, both included; either may be left open).
 */
const LISTEN_FILTERS = {
  recordingId: Id.optional(),
  callId: Id.optional(),
  userId: Id.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
};
const periodForwards = <T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) =>
  schema.refine((q) => !q.from || !q.to || q.from <= q.to, { message: '"from" must not be after "to"', path: ['to'] });

/** GET /api/recordings/listens (Head): a page of the log, newest first. */
export const RecordingListenQuery = periodForwards(
  z
    .object({
      ...LISTEN_FILTERS,
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    })
    .strict(),
);
export type RecordingListenQuery = z.infer<typeof RecordingListenQuery>;

/** GET /api/recordings/listens/csv (Head): every line the filters select, newest first (up to 50 000). */
export const RecordingListenCsvQuery = periodForwards(z.object(LISTEN_FILTERS).strict());
export type RecordingListenCsvQuery = z.infer<typeof RecordingListenCsvQuery>;

/**
 * A page of the listen log: `total` lines match the filters (counted up to 10 000: beyond that
 * `total` is 10 000 and `totalAtLeast` is true); `rows` start at `offset`.
 */
export const RecordingListenPage = z.object({
  total: z.number().int().nonnegative(),
  totalAtLeast: z.boolean(),
  offset: z.number().int().nonnegative(),
  rows: z.array(RecordingListen),
});
export type RecordingListenPage = z.infer<typeof RecordingListenPage>;

/** DELETE /api/contacts/:id (Head): an erasure request; what was deleted and what was anonymised. */
export const ContactErasureResult = z.object({
  contactId: Id,
  recordingsDeleted: z.number().int().nonnegative(),
  filesDeleted: z.number().int().nonnegative(),
  /** Calls kept for the team's figures, their caller's number and name removed. */
  callsAnonymised: z.number().int().nonnegative(),
  /** Deals kept (the sales history), unlinked from the contact. */
  dealsUnlinked: z.number().int().nonnegative(),
});
export type ContactErasureResult = z.infer<typeof ContactErasureResult>;
