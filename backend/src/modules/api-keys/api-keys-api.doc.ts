import * as C from '@callboard/contracts';
import { z } from 'zod';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The API-key routes in the OpenAPI document (issue 17); how keys are used: docs/api/api-keys.md. */
documentRoutes({
  'POST /api/api-keys': {
    summary: 'Create an API key with its scopes; its token is in this answer only (Head, signed in; never with a key)',
    body: C.CreateApiKeyRequest,
    response: C.CreatedApiKey,
    status: 201,
  },
  'GET /api/api-keys': { summary: 'The API keys with scopes, creator, last use and revocation; never their values (Head)', response: z.array(C.ApiKeyInfo) },
  'DELETE /api/api-keys/{id}': { summary: 'Revoke an API key: its next request answers 401 API_KEY_REVOKED (Head)', status: 204 },
});
