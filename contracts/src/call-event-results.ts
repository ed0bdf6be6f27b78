import { z } from 'zod';

/**
 * The backend's answer to one delivered call event (`POST /api/internal/call-events`):
 * - `accepted`: applied, or already applied before (duplicates are accepted);
 * - `rejected`: can never succeed (invalid shape, semantically impossible); `reason` says why;
 *   the bridge dead-letters it and alerts;
 * - `retry`: a transient failure (deadlock after the backend's own retries, timeout, pool
 *   exhausted, database down); the bridge tries that event again later, without holding back
 *   other calls' events (a later event of the same call waits behind it).
 */
export const CallEventStatus = z.enum(['accepted', 'rejected', 'retry']);
export type CallEventStatus = z.infer<typeof CallEventStatus>;

export const CallEventResult = z.object({
  /** Position of the event in the delivered batch. */
  index: z.number().int().nonnegative(),
  /** The event's SIP Call-ID when it had a readable one. */
  callId: z.string().max(255).nullable(),
  status: CallEventStatus,
  /** A short machine-readable code, a colon, then text (e.g. `invalid: type: ...`, `timeout: ...`). */
  reason: z.string().max(500).optional(),
});
export type CallEventResult = z.infer<typeof CallEventResult>;

/** One result per delivered event, in the same order (`results.length === events.length`). */
export const CallEventResults = z.object({ results: z.array(CallEventResult) });
export type CallEventResults = z.infer<typeof CallEventResults>;
