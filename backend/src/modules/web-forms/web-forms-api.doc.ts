import { z } from 'zod';
import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The web-form routes in the OpenAPI document (see docs/api/web-forms.md). */
documentRoutes({
  'GET /api/web-forms': { summary: 'The web forms, with their submissions counted (Head)', response: z.array(C.WebForm) },
  'POST /api/web-forms': { summary: 'Make a web form: fields, pipeline, thank-you page, allowed origins (Head)', body: C.SaveWebFormRequest, response: C.WebForm, status: 201 },
  'PUT /api/web-forms/{id}': { summary: 'Change a web form (Head)', body: C.SaveWebFormRequest, response: C.WebForm },
  'DELETE /api/web-forms/{id}': { summary: 'Delete a web form; its leads stay (Head)', status: 204 },
  'OPTIONS /api/forms/{token}': { summary: 'CORS preflight: 204 with Access-Control-Allow-Origin for an origin the form lists, else 403', status: 204 },
  'POST /api/forms/{token}': {
    summary: 'Public: submit a web form (JSON → 201 {status}; form-encoded → 303 to the thank-you page). A lead in Unsorted, or an entry on the contact’s open deal',
    body: C.WebFormSubmission,
    response: C.WebFormReceipt,
    status: 201,
  },
});
