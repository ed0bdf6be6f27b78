import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The team's settings in the OpenAPI document. */
documentRoutes({
  'GET /api/team-settings': {
    summary: 'The team’s time zone, default days to a deal’s expected close, language, currency and phone region (anyone signed in)',
    response: C.TeamSettings,
  },
  'PUT /api/team-settings': {
    summary: 'Change any of them (Head); an unknown time zone, currency or phone region is 400 VALIDATION_FAILED',
    body: C.UpdateTeamSettingsRequest,
    response: C.TeamSettings,
  },
});
