import { z } from 'zod';
import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The wrap-up routes in the OpenAPI document (see docs/api/wrap-ups.md). */
documentRoutes({
  'GET /api/wrap-ups': { summary: "Wrap-ups (Seller: their own; Head: anyone's), pending by default", query: C.WrapUpListQuery, response: z.array(C.WrapUp) },
  'GET /api/wrap-ups/{id}': { summary: 'One wrap-up', response: C.WrapUp },
  'PUT /api/wrap-ups/{id}': { summary: 'Save a call’s wrap-up: outcome, note, next task (idempotent for the same words)', body: C.SaveWrapUpRequest, response: C.WrapUp },
  'POST /api/wrap-ups/{id}/dismiss': { summary: 'Take a pending wrap-up off the list without an outcome', response: C.WrapUp },
  'GET /api/settings/wrap-up-outcomes': { summary: 'The wrap-up outcomes reps choose from', response: C.WrapUpOutcomesSettings },
  'PUT /api/settings/wrap-up-outcomes': { summary: 'Set the wrap-up outcomes (Head)', body: C.WrapUpOutcomesSettings, response: C.WrapUpOutcomesSettings },
});
