import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** Conversation figures in the OpenAPI document (docs/api/conversation.md, docs/reports.md). */
documentRoutes({
  'GET /api/calls/{id}/conversation': {
    summary: "A call's conversation figures from its recording (null until analysed); 404 for a call the user may not see",
    response: C.CallConversationResponse,
  },
});
