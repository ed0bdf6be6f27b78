import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The reports in the OpenAPI document (docs/reports.md defines every figure). */
documentRoutes({
  'GET /api/reports/{name}': {
    summary: "One report for the period, in the team's time zone (Head: the team or one rep; Seller: their own numbers, 403 for another rep)",
    query: C.ReportQuery,
  },
  'GET /api/reports/{name}/records': {
    summary: 'The records behind one figure of a report (`cell`), 100 a page; `total` equals the figure',
    query: C.ReportRecordsQuery,
    response: C.ReportRecords,
  },
});
