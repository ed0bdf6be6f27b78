import { StreamableFile } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { safeFileName } from '../csv/csv-writer';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a controller returns to send an XLSX stream, as an attachment under a sanitised name. */
export function xlsxFile(name: string, xlsx: Readable): StreamableFile {
  const base = safeFileName(name).replace(/\.csv$/, '');
  return new StreamableFile(xlsx, { type: XLSX_TYPE, disposition: `attachment; filename="${base}.xlsx"` });
}
