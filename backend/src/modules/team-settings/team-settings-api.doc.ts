import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The team's settings in the OpenAPI document. */
documentRoutes({
  'GET /api/team-settings': { summary: 'The team’s time zone and default days to a deal’s expected close (anyone signed in)', response: C.TeamSettings },
  'PUT /api/team-settings': {
    summary: 'Change either or both (Head); an unknown time zone is 400 VALIDATION_FAILED',
    body: C.UpdateTeamSettingsRequest,
    response: C.TeamSettings,
  },
});
