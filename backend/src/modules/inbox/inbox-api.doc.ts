import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The Unsorted inbox's routes in the OpenAPI document (see docs/api/inbox.md). */
documentRoutes({
  'POST /api/deals/{id}/accept': { summary: 'Accept an Unsorted deal: owned (a Seller: themselves; a Head: anyone) and moved to New', body: C.AcceptInboxDealRequest, response: C.Deal },
  'POST /api/deals/{id}/decline-spam': { summary: 'Decline an Unsorted deal as spam: hidden from every board and report, counted, restorable by a Head', status: 204 },
  'POST /api/deals/{id}/merge': { summary: 'Merge an Unsorted deal into an open deal of the same contact (calls, tasks, activities follow)', body: C.MergeInboxDealRequest, response: C.MergeInboxDealResult },
  'GET /api/inbox/declined': { summary: 'Leads declined as spam: counts for everyone, the newest leads for Heads', query: C.DeclinedLeadsQuery, response: C.DeclinedLeads },
  'POST /api/inbox/declined/{id}/restore': { summary: 'Put a lead declined as spam back into Unsorted (Head)', response: C.Deal },
});
