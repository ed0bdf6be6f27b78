import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The data export in the OpenAPI document (docs/api/exports.md). */
documentRoutes({
  'GET /api/exports/{file}': {
    summary:
      'A list as a file: `deals|contacts|calls|tasks` `.csv|.xlsx`, with that list\'s query parameters (GET /api/deals, /api/contacts, /api/calls, /api/tasks, without paging); exactly the rows the list shows the caller; streamed; formula-safe CSV (ADR 0025), typed XLSX cells (ADR 0034)',
    query: C.DealExportQuery,
  },
});
