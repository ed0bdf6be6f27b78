import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The reports in the OpenAPI document (docs/reports.md defines every figure). */
documentRoutes({
  'GET /api/reports/{name}': {
    summary: "One report for the period, in the team's time zone (Head: the team or one rep; Seller: their own numbers, 403 for another rep)",
    query: C.ReportQuery,
  },
  'GET /api/reports/{name}/csv': { summary: "The report's main table as CSV (formula-safe cells, ADR 0025)", query: C.ReportQuery },
  'GET /api/reports/{name}/records/csv': { summary: 'Every record behind one figure as CSV (at most 50,000 rows)', query: C.ReportRecordsQuery },
  'GET /api/reports/{name}/records': {
    summary: 'The records behind one figure of a report (`cell`), 100 a page; `total` equals the figure',
    query: C.ReportRecordsQuery,
    response: C.ReportRecords,
  },
});
