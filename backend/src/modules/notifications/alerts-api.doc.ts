import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The bridge's alert route in the OpenAPI document (ADR 0014). */
documentRoutes({
  'POST /api/internal/alerts': {
    summary: 'An alert from the pbx-bridge (a call event set aside in its dead-letter file): every active Head is notified, floods coalesced (service token)',
    body: C.BridgeAlert,
    response: C.BridgeAlertAnswer,
  },
});
