import { z } from 'zod';
import { Id } from './common';

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
});
export type Recording = z.infer<typeof Recording>;
