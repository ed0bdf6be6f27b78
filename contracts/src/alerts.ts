import { z } from 'zod';

/** C0 controls, DEL and C1 controls: dropped from alert text (it ends up in a notification and a log line). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Text from the bridge: control characters stripped, then capped (never refused for length). */
const AlertText = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(CONTROL, ' ').trim().slice(0, max));

/**
 * Something the pbx-bridge wants a Head to know about (POST /api/internal/alerts, service token).
 * Today one kind: a call event the CRM refused for good (or that kept failing) was moved to the
 * bridge's dead-letter file instead of being applied.
 */
export const BridgeAlert = z.object({
  kind: z.enum(['call-event-dead-lettered']),
  /** SIP Call-ID of the event, when it had one. */
  callId: AlertText(255).nullable(),
  /** `offered`, `answered`, ... when known. */
  eventType: AlertText(40).nullable(),
  /** Why: a short machine-readable code and text, e.g. `invalid: type: ...` or `retry-exhausted: ...`. */
  reason: AlertText(500),
});
export type BridgeAlert = z.infer<typeof BridgeAlert>;
export type BridgeAlertInput = z.input<typeof BridgeAlert>;

/** What the backend did with an alert: notified the Heads, or folded it into a later summary. */
export const BridgeAlertAnswer = z.object({ notified: z.number().int().nonnegative(), coalesced: z.boolean() });
export type BridgeAlertAnswer = z.infer<typeof BridgeAlertAnswer>;
