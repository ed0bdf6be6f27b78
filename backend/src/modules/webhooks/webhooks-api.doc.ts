import * as C from '@callboard/contracts';
import { z } from 'zod';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The webhook routes in the OpenAPI document (issue 17; docs/api/webhooks.md). */
documentRoutes({
  'GET /api/webhooks': { summary: 'The outbound webhooks, without their secrets (Head)', response: z.array(C.Webhook) },
  'POST /api/webhooks': {
    summary: 'Create a webhook; its signing secret is shown only in this answer (Head). Private targets are refused unless their host is allowed.',
    body: C.CreateWebhookRequest,
    response: C.CreatedWebhook,
    status: 201,
  },
  'PATCH /api/webhooks/{id}': { summary: 'Edit, enable or disable a webhook (Head)', body: C.UpdateWebhookRequest, response: C.Webhook },
  'DELETE /api/webhooks/{id}': { summary: 'Delete a webhook and its delivery log (Head)', status: 204 },
  'GET /api/webhooks/{id}/deliveries': { summary: 'The newest 100 deliveries of a webhook with every attempt (Head)', response: z.array(C.WebhookDelivery) },
  'POST /api/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    summary: 'Send a delivery’s event again, same event id (Head)',
    response: C.WebhookDeliveryQueued,
    status: 202,
  },
  'POST /api/webhooks/{id}/ping': { summary: 'Send a webhook.ping event to this webhook (Head)', response: C.WebhookDeliveryQueued, status: 202 },
  'POST /api/internal/webhooks/drain': {
    summary: 'Announce the tasks that came due and send the due webhook deliveries now (service token)',
    response: z.object({ attempted: z.number(), tasksDue: z.number() }),
  },
});
