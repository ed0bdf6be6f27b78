import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The dial-policy routes in the OpenAPI document (ADR 0009). */
documentRoutes({
  'GET /api/dial-policy': { summary: 'Outbound dial policy, the team’s international permissions, the latest refusals (Head)', response: C.DialPolicyView },
  'PUT /api/dial-policy': { summary: 'Change the outbound dial policy (Head)', body: C.DialPolicySettings, response: C.DialPolicySettings },
  'PUT /api/dial-policy/users/{id}': {
    summary: 'Allow or refuse a user calls outside the allowed countries (Head)',
    body: C.SetInternationalRequest,
    response: C.DialPolicyUser,
  },
  'GET /api/internal/dial-check': {
    summary: 'May this extension dial this number? Asked by the SIP server before an outbound call reaches the trunk (service token)',
    response: C.DialCheckResult,
  },
  'GET /api/internal/refer-check': {
    summary: 'Is this transfer token pending for this call, and is the Refer-To (user, Replaces, the consult dialog live between the rep and the target) the one issued? Asked by the SIP server before relaying a REFER; never consumes the token (service token)',
    response: C.ReferCheckResult,
  },
});
