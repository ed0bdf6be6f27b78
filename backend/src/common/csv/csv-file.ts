import { StreamableFile } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { safeFileName } from './csv-writer';

// Apart from the writer: Nest ships as ES modules, which the CommonJS unit run of the writer cannot load.

/**
 * What a controller returns to send CSV: `return csvFile('calls-2026-12-06', toCsv(columns, rows))`.
 * text/csv in UTF-8, as an attachment under a sanitised name.
 */
export function csvFile(name: string, csv: string | Readable): StreamableFile {
  const options = { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${safeFileName(name)}"` };
  if (typeof csv !== 'string') return new StreamableFile(csv, options);
  const body = Buffer.from(csv, 'utf8');
  return new StreamableFile(body, { ...options, length: body.length });
}
