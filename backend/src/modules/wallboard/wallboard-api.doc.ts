import * as C from '@callboard/contracts';
import { z } from 'zod';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The wallboard routes in the OpenAPI document (issue 14). */
documentRoutes({
  'GET /api/wallboard': { summary: 'Today’s team figures for a wallboard (Authorization: Wallboard <token>; no user session)', response: C.WallboardFigures },
  'POST /api/wallboard/tokens': {
    summary: 'Create a wallboard token; its value and URL are shown only in this answer (Head)',
    body: C.CreateWallboardTokenRequest,
    response: C.CreatedWallboardToken,
    status: 201,
  },
  'GET /api/wallboard/tokens': { summary: 'The wallboard tokens, without their values (Head)', response: z.array(C.WallboardTokenInfo) },
  'DELETE /api/wallboard/tokens/{id}': { summary: 'Revoke a wallboard token: its next request fails and its socket closes (Head)', status: 204 },
});
