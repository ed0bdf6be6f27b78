import { z } from 'zod';
import { CallListQuery } from './calls';
import { ContactListQuery } from './contacts';
import { DealListQuery } from './deals';
import { TaskListQuery } from './sales';

/** What can be exported: the four lists. */
export const ExportKind = z.enum(['deals', 'contacts', 'calls', 'tasks']);
export type ExportKind = z.infer<typeof ExportKind>;

export const ExportFormat = z.enum(['csv', 'xlsx']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** The `:file` of GET /api/exports/:file, e.g. `deals.csv`, `calls.xlsx`. */
export const ExportFile = z
  .string()
  .regex(/^(deals|contacts|calls|tasks)\.(csv|xlsx)$/, 'must be deals, contacts, calls or tasks, then .csv or .xlsx')
  .transform((s) => {
    const [kind, format] = s.split('.');
    return { kind: kind as ExportKind, format: format as ExportFormat };
  });
export type ExportFile = z.infer<typeof ExportFile>;

/**
 * An export takes its list's query parameters (the same filters, the same visibility), without the
 * paging ones: it has every row the list would page through.
 */
export const DealExportQuery = DealListQuery.omit({ cursor: true, limit: true });
export type DealExportQuery = z.infer<typeof DealExportQuery>;
export const ContactExportQuery = ContactListQuery.omit({ limit: true });
export type ContactExportQuery = z.infer<typeof ContactExportQuery>;
export const CallExportQuery = CallListQuery.omit({ limit: true, after: true });
export type CallExportQuery = z.infer<typeof CallExportQuery>;
export const TaskExportQuery = TaskListQuery.omit({ limit: true });
export type TaskExportQuery = z.infer<typeof TaskExportQuery>;

export const EXPORT_QUERIES = {
  deals: DealExportQuery,
  contacts: ContactExportQuery,
  calls: CallExportQuery,
  tasks: TaskExportQuery,
} as const satisfies Record<ExportKind, z.ZodType>;

/** The export URL of a list with its current filters (the frontend's Export button). */
export function exportPath(kind: ExportKind, format: ExportFormat, filters: Record<string, string | number | boolean | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '' || key === 'limit' || key === 'cursor' || key === 'after') continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return `/api/exports/${kind}.${format}${query ? `?${query}` : ''}`;
}
