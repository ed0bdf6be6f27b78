import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** Missed calls' call-backs in the OpenAPI document (ADR 0013). */
documentRoutes({
  'POST /api/tasks/{id}/claim': {
    summary: 'Take an unassigned task (an unclaimed call-back) and its deal while unowned; the first claim wins, a later one gets 409 TASK_ALREADY_CLAIMED',
    response: C.Task,
  },
  'GET /api/settings/missed-calls': { summary: 'Who gets the call-backs of missed calls from callers nobody owns (Head)', response: C.MissedCallSettings },
  'PUT /api/settings/missed-calls': {
    summary: 'Give those call-backs to one user, or null: unclaimed on every Seller’s Today list (Head)',
    body: C.UpdateMissedCallSettingsRequest,
    response: C.MissedCallSettings,
  },
});
