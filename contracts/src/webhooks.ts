import { z } from 'zod';
import { Id, IsoDateTime, safeText } from './common';
import { Deal } from './deals';

/**
 * What a webhook can subscribe to. Each is derived from a domain event the backend already emits
 * after commit (docs/api/webhooks.md): `deal.moved` is any stage change, and `deal.won` /
 * `deal.lost` are sent as well when the move closes the deal. `task.due` comes from the tasks'
 * due times (no domain event marks one passing).
 */
export const WebhookEventType = z.enum([
  'deal.created',
  'deal.moved',
  'deal.won',
  'deal.lost',
  'call.answered',
  'call.missed',
  'call.ended',
  'task.created',
  'task.completed',
  'task.due',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;
export const WEBHOOK_EVENT_TYPES = WebhookEventType.options;

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the webhook's secret. */
export const WEBHOOK_SIGNATURE_HEADER = 'Callboard-Signature';
/** How old a signature a receiver should accept (seconds); older is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
/** The payloads' version; a change that breaks a receiver gets a new one. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

const Direction = z.enum(['inbound', 'outbound']);

export const WebhookDealData = z.object({
  deal: Deal,
  /** Set on deal.moved / deal.won / deal.lost: the stage the deal left. */
  fromStageId: Id.nullable().optional(),
});
export const WebhookCallData = z.object({
  /** The SIP Call-ID. */
  callId: z.string(),
  dealId: Id.nullable(),
  direction: Direction,
  /** The rep who placed or answered the call, when known. */
  userId: Id.nullable(),
  at: IsoDateTime,
  /** call.missed: why nobody answered. */
  reason: z.string().optional(),
  /** call.ended: talk time in seconds (null when never answered). */
  durationSec: z.number().int().nullable().optional(),
});
export const WebhookTaskData = z.object({ taskId: Id, dealId: Id.nullable(), type: z.string() });
/** task.due: an open task's due time has come (sent once per task and due time; a new due time is due again). */
export const WebhookTaskDueData = z.object({ taskId: Id, dealId: Id.nullable(), type: z.string(), title: z.string(), assigneeId: Id.nullable(), dueAt: IsoDateTime });
export const WebhookPingData = z.object({ webhookId: Id });

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({
    /** The event's id: the same on every delivery and redelivery; receivers dedupe on it. */
    id: Id,
    type: z.literal(type),
    version: z.literal(WEBHOOK_PAYLOAD_VERSION),
    occurredAt: IsoDateTime,
    data,
  });

/** The JSON body of a webhook request, by `type`. */
export const WebhookPayload = z.discriminatedUnion('type', [
  envelope('deal.created', WebhookDealData),
  envelope('deal.moved', WebhookDealData),
  envelope('deal.won', WebhookDealData),
  envelope('deal.lost', WebhookDealData),
  envelope('call.answered', WebhookCallData),
  envelope('call.missed', WebhookCallData),
  envelope('call.ended', WebhookCallData),
  envelope('task.created', WebhookTaskData),
  envelope('task.completed', WebhookTaskData),
  envelope('task.due', WebhookTaskDueData),
  envelope('webhook.ping', WebhookPingData),
]);
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** A host name or IP literal a Head allows although it resolves to a private address. */
export const WebhookAllowedHost = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.:-]+)$/, 'a host name or an IP address');

const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'an http:// or https:// URL without user name or password');

export const CreateWebhookRequest = z.object({
  name: safeText(80).pipe(z.string().min(1, 'give the webhook a name')),
  url: WebhookUrl,
  events: z.array(WebhookEventType).min(1, 'choose at least one event').max(WEBHOOK_EVENT_TYPES.length),
  /** Hosts let through although they resolve to private, loopback or link-local addresses. */
  allowedHosts: z.array(WebhookAllowedHost).max(10).default([]),
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequest>;

export const UpdateWebhookRequest = z
  .object({
    name: safeText(80).pipe(z.string().min(1)),
    url: WebhookUrl,
    events: z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length),
    allowedHosts: z.array(WebhookAllowedHost).max(10),
    /** true re-enables a disabled webhook (its failure count starts again). */
    enabled: z.boolean(),
  })
  .partial();
export type UpdateWebhookRequest = z.infer<typeof UpdateWebhookRequest>;

export const Webhook = z.object({
  id: Id,
  name: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  allowedHosts: z.array(z.string()),
  enabled: z.boolean(),
  /** Why it was switched off: `failures` (automatically) or `head`; null while enabled. */
  disabledReason: z.enum(['failures', 'head']).nullable(),
  disabledAt: IsoDateTime.nullable(),
  consecutiveFailures: z.number().int(),
  createdAt: IsoDateTime,
});
export type Webhook = z.infer<typeof Webhook>;

/** A webhook just created: `secret` is shown in this answer only. */
export const CreatedWebhook = z.object({ webhook: Webhook, secret: z.string() });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const WebhookAttempt = z.object({
  at: IsoDateTime,
  /** HTTP status, null when no answer came (refused target, timeout, connection error). */
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  /** The first bytes of the answer's body. */
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDelivery = z.object({
  id: Id,
  eventId: Id,
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: IsoDateTime.nullable(),
  /** A Head's redelivery (or a ping) rather than the event itself. */
  manual: z.boolean(),
  createdAt: IsoDateTime,
  /** Newest first. */
  log: z.array(WebhookAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryQueued = z.object({ deliveryId: Id, eventId: Id });
export type WebhookDeliveryQueued = z.infer<typeof WebhookDeliveryQueued>;
