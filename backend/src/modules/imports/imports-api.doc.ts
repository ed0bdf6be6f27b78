import * as C from '@callboard/contracts';
import { documentRoutes } from '../../common/openapi/api-spec';

/** The import routes in the OpenAPI document (see docs/api/import.md). */
documentRoutes({
  'POST /api/imports': { summary: 'Upload a CSV or XLSX file (multipart/form-data, field "file"); 413 over IMPORT_MAX_BYTES, 400 IMPORT_FILE_INVALID on a file that cannot be imported', response: C.ImportJob, status: 201 },
  'GET /api/imports': { summary: 'The latest imports: your own (a Head: everyone\'s)', response: C.ImportJob.array() },
  'GET /api/imports/{id}': { summary: 'One import, with its remembered or guessed mapping before the run and its progress after', response: C.ImportJob },
  'POST /api/imports/{id}/preview': { summary: 'What the first rows would do with this mapping (create, update, skip as duplicate, error); writes nothing', body: C.ImportMapping, query: C.ImportPreviewQuery, response: C.ImportPreview },
  'POST /api/imports/{id}/run': { summary: 'Save the mapping (remembered for this header row) and start the import as a background job', body: C.ImportMapping, response: C.ImportJob },
  'POST /api/imports/{id}/cancel': { summary: 'Stop the import after its current batch; committed rows stay', response: C.ImportJob },
  'GET /api/imports/{id}/rejects.csv': { summary: 'The rejected rows with the reason for each, as CSV (formulas neutralised)' },
});
