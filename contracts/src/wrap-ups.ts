import { z } from 'zod';
import { Id, IsoDateTime, safeText } from './common';
import { TaskType } from './sales';

/**
 * Wrap-up after a call (issue 16): the rep who had the call says how it went (an outcome from the
 * Head's list), adds a note and the next task. Owed by the rep who answered an inbound call or
 * placed an outbound one (a transferred call: the rep it was transferred to, on its new call);
 * an inbound call that never reached a rep owes none (it has its call-back task).
 */

/** A wrap-up outcome's key: stable (rules and reports keep it), labelled per language in the web app. */
export const WrapUpOutcomeKey = z.string().regex(/^[a-z0-9_]{1,40}$/, 'must be a short snake_case key');
export type WrapUpOutcomeKey = z.infer<typeof WrapUpOutcomeKey>;

/** The outcomes a new install starts with (the web app has words for these in every language). */
export const DEFAULT_WRAP_UP_OUTCOMES = ['talked', 'no_answer', 'busy', 'wrong_number', 'call_back_requested', 'not_interested'] as const;

/** The Head's list of wrap-up outcomes, in the order reps see them. */
export const WrapUpOutcomesSettings = z
  .object({ outcomes: z.array(WrapUpOutcomeKey).min(1).max(30) })
  .strict()
  .refine((s) => new Set(s.outcomes).size === s.outcomes.length, { message: 'each outcome once', path: ['outcomes'] });
export type WrapUpOutcomesSettings = z.infer<typeof WrapUpOutcomesSettings>;

/** `dismissed`: the rep cleared it without saying what happened (counts as not done). */
export const WrapUpStatus = z.enum(['pending', 'done', 'dismissed']);
export type WrapUpStatus = z.infer<typeof WrapUpStatus>;

/** One call's wrap-up, as its rep (or a Head) sees it. */
export const WrapUp = z.object({
  id: Id,
  /** The call's id in the CRM, and its SIP Call-ID (the key of the softphone's and the socket's call events). */
  callId: Id,
  sipCallId: z.string(),
  /** The rep who owes it. */
  userId: Id,
  userName: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']).nullable(),
  /** The other party's number. */
  number: z.string().nullable(),
  dealId: Id.nullable(),
  dealTitle: z.string().nullable(),
  contactId: Id.nullable(),
  contactName: z.string().nullable(),
  /** Whether the call was answered (an unanswered outbound call owes a wrap-up too). */
  answered: z.boolean(),
  durationSec: z.number().int().nullable(),
  endedAt: z.string().nullable(),
  /** Prefilled from what the SIP side said (an unanswered outbound call: `no_answer` or `busy`). */
  suggestedOutcome: z.string().nullable(),
  status: WrapUpStatus,
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  /** The next task the wrap-up created. */
  taskId: Id.nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WrapUp = z.infer<typeof WrapUp>;

/** The next step, created as a task for the rep who owes the wrap-up, on the call's deal and contact. */
export const WrapUpNextTask = z
  .object({
    type: TaskType,
    title: safeText(200).pipe(z.string().min(1)),
    dueAt: IsoDateTime,
  })
  .strict();
export type WrapUpNextTask = z.infer<typeof WrapUpNextTask>;

/**
 * Saves a wrap-up. Saving the same outcome and note again (a retry, a second tab) answers the saved
 * wrap-up and creates nothing more; a different one for a wrap-up already done is a 409.
 */
export const SaveWrapUpRequest = z
  .object({
    outcome: WrapUpOutcomeKey,
    /** Kept as plain text: markup is never interpreted. */
    note: safeText(2000).optional(),
    nextTask: WrapUpNextTask.nullable().optional(),
  })
  .strict()
  .refine((r) => r.outcome !== 'call_back_requested' || !!r.nextTask, {
    message: 'a requested call back needs the time to call (nextTask)',
    path: ['nextTask'],
  });
export type SaveWrapUpRequest = z.infer<typeof SaveWrapUpRequest>;

export const WrapUpListQuery = z
  .object({
    status: z.enum(['pending', 'done', 'dismissed', 'all']).default('pending'),
    /** A Head: one rep's; a Seller: only their own (another's is refused). */
    userId: Id.optional(),
    dealId: Id.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type WrapUpListQuery = z.infer<typeof WrapUpListQuery>;

/** A wrap-up left its rep's list without being done (the call was transferred on: the target owes it). */
export const WrapUpRemovedPayload = z.object({ id: Id, sipCallId: z.string() });
export type WrapUpRemovedPayload = z.infer<typeof WrapUpRemovedPayload>;
