import { z } from 'zod';
import { Id } from './common';

/**
 * Import of contacts (and a deal per row) from CSV or XLSX (issue 17 part 1): upload, map the
 * columns, preview what each row would do, then run as a durable background job.
 */

/** A field of Callboard a column of the file can fill. */
export const ImportField = z.enum(['name', 'email', 'phone', 'company', 'owner', 'dealTitle', 'stage', 'amount']);
export type ImportField = z.infer<typeof ImportField>;
export const IMPORT_FIELDS = ImportField.options;

/** What to do with a row whose phone or e-mail already belongs to a contact in Callboard. */
export const ImportDuplicates = z.enum(['skip', 'update']);
export type ImportDuplicates = z.infer<typeof ImportDuplicates>;

/**
 * Column index (0-based, in the header row's order) -> field, or null to leave the column out. A
 * field may be filled by one column only.
 */
export const ImportMapping = z
  .object({
    columns: z.array(ImportField.nullable()).max(200),
    duplicates: ImportDuplicates.default('skip'),
  })
  .strict()
  .refine((m) => m.columns.includes('name'), { message: 'map a column to the name', path: ['columns'] })
  .refine((m) => new Set(m.columns.filter(Boolean)).size === m.columns.filter(Boolean).length, {
    message: 'each field may be filled by one column only',
    path: ['columns'],
  });
export type ImportMapping = z.infer<typeof ImportMapping>;

export const ImportStatus = z.enum(['uploaded', 'queued', 'running', 'done', 'cancelled', 'failed']);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** An import as its owner (and the Heads) see it; `cursor`-based progress is `rowsDone / totalRows`. */
export const ImportJob = z.object({
  id: Id,
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  /** How the file's text was read: utf-8 (with or without BOM) or windows-1250 (Central European). */
  encoding: z.string(),
  status: ImportStatus,
  headers: z.array(z.string()),
  /** The mapping chosen, or (before the run) the one remembered for this header row, else a guess. */
  mapping: ImportMapping.nullable(),
  /** True when `mapping` was remembered from an earlier import of the same header row. */
  mappingRemembered: z.boolean(),
  totalRows: z.number().int(),
  rowsDone: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  error: z.string().nullable(),
  createdById: Id,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

export const ImportOutcome = z.enum(['create', 'update', 'skip', 'error']);
export type ImportOutcome = z.infer<typeof ImportOutcome>;

/** What one row of the file would do (preview) or did (the rejected-rows file lists the errors). */
export const ImportPreviewRow = z.object({
  /** The row's number in the file, the header being row 1 (as a spreadsheet numbers it). */
  row: z.number().int(),
  outcome: ImportOutcome,
  /** Why it is skipped or rejected; null for create and update. */
  reason: z.string().nullable(),
  cells: z.array(z.string()),
});
export type ImportPreviewRow = z.infer<typeof ImportPreviewRow>;

export const ImportPreview = z.object({ rows: z.array(ImportPreviewRow) });
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportPreviewQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }).strict();
export type ImportPreviewQuery = z.infer<typeof ImportPreviewQuery>;

/** Socket `import.progress`: to the importer and the Heads, after each committed batch and at the end. */
export const ImportProgressPayload = ImportJob;
export type ImportProgressPayload = ImportJob;
