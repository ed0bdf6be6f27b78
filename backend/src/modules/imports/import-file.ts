import { parse, CsvError } from 'csv-parse';
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { ImportException } from './imports.exception';

/**
 * Reading an import file as rows of text cells, streaming (ADR 0036): CSV through csv-parse,
 * XLSX through exceljs's WorkbookReader (first worksheet). Nothing in a cell is ever evaluated: a
 * CSV cell "=1+1" is that text; an XLSX formula cell gives the value the spreadsheet saved with it.
 */

export type ImportFormat = 'csv' | 'xlsx';
export type ImportEncoding = 'utf-8' | 'windows-1250';

/** More columns than any contact sheet needs; a wider file is refused with a clear error. */
export const MAX_COLUMNS = 200;
/** A longer cell is cut to this (no field of ours holds more). */
const MAX_CELL_CHARS = 2000;
/** csv-parse refuses a record longer than this (a missing closing quote would swallow the file). */
const MAX_RECORD_CHARS = 1_000_000;

export interface SheetRow {
  /** The row's number in the file, the header row being 1 (empty lines are not counted). */
  row: number;
  cells: string[];
  /** Why this row cannot be read (an XLSX formula without a saved value); null when it can. */
  unreadable: string | null;
}

export interface ImportFileInfo {
  format: ImportFormat;
  encoding: ImportEncoding;
  headers: string[];
  /** Data rows (after the header). */
  totalRows: number;
}

const invalid = (message: string) => new ImportException('IMPORT_FILE_INVALID', message);

/** CSV or XLSX, from the first bytes (a ZIP is an XLSX) and else the name. */
export async function detectFormat(path: string, fileName: string): Promise<ImportFormat> {
  const head = await firstBytes(path, 4);
  if (head.length === 0) throw invalid('The file is empty');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (/\.xlsx?$/i.test(fileName)) throw invalid('This is not an XLSX workbook (an old .xls? Save it as .xlsx or CSV)');
  return 'csv';
}

/**
 * How a CSV file's bytes are text: UTF-8 (with or without BOM), else Windows-1250 (Hungarian and
 * other Central European Excel exports), else a clear error (UTF-16, binary).
 */
export async function detectEncoding(path: string): Promise<ImportEncoding> {
  const head = await firstBytes(path, 4);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw invalid('The file is UTF-16 text: save it as "CSV UTF-8" and upload it again');
  }
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let isUtf8 = true;
  let cp1250 = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (chunk.includes(0)) throw invalid('The file is not text (it has NUL bytes): upload a CSV in UTF-8 or an XLSX workbook');
    if (isUtf8) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        isUtf8 = false;
      }
    }
    // the five bytes Windows-1250 leaves undefined
    if (!isUtf8 && [0x81, 0x83, 0x88, 0x90, 0x98].some((b) => chunk.includes(b))) cp1250 = false;
  }
  if (isUtf8) {
    try {
      utf8.decode();
      return 'utf-8';
    } catch {
      isUtf8 = false;
    }
  }
  if (cp1250) return 'windows-1250';
  throw invalid('The file is neither UTF-8 nor Windows-1250 text: save it as "CSV UTF-8" and upload it again');
}

/** Reads the file once to check it can be imported and to count its rows. Throws a clear IMPORT_FILE_INVALID when not. */
export async function inspectFile(path: string, fileName: string): Promise<ImportFileInfo> {
  const format = await detectFormat(path, fileName);
  const encoding = format === 'csv' ? await detectEncoding(path) : 'utf-8';
  let headers: string[] | null = null;
  let totalRows = 0;
  for await (const r of readRows(path, format, encoding)) {
    if (!headers) headers = r.cells;
    else totalRows++;
  }
  if (!headers) throw invalid('The file is empty');
  if (!headers.some((h) => h.trim())) throw invalid('The first row (the column names) is empty');
  if (totalRows === 0) throw invalid('The file has only the header row: there are no rows to import');
  return { format, encoding, headers: headers.map((h) => h.trim()), totalRows };
}

/** The rows of the file, the header row first; throws IMPORT_FILE_INVALID on a file that cannot be read. */
export function readRows(path: string, format: ImportFormat, encoding: ImportEncoding): AsyncGenerator<SheetRow> {
  return format === 'csv' ? readCsv(path, encoding) : readXlsx(path);
}

async function* readCsv(path: string, encoding: ImportEncoding): AsyncGenerator<SheetRow> {
  const delimiter = await guessDelimiter(path, encoding);
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  const source = createReadStream(path, { highWaterMark: 1 << 16 }).pipe(decoder(encoding));
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (record.length > MAX_COLUMNS) {
        throw invalid(`Row ${row} has ${record.length} columns; an import takes at most ${MAX_COLUMNS}`);
      }
      yield { row, cells: record.map(cell), unreadable: null };
    }
  } catch (err) {
    // csv-parse reads ahead of this loop: its own count of the records before the bad one
    if (err instanceof CsvError) throw csvProblem(err, ((err as unknown as { records?: number }).records ?? row) + 1);
    throw err;
  } finally {
    source.destroy();
  }
}

function csvProblem(err: CsvError, row: number): ImportException {
  const line = (err as unknown as { lines?: number }).lines;
  const where = `row ${row}${line && line !== row ? ` (line ${line})` : ''}`;
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return invalid(`Broken quotes: a quoted cell starting at ${where} is never closed`);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return invalid(`Broken quotes at ${where}: text after a closing quote (write a quote inside a quoted cell as "")`);
    case 'CSV_MAX_RECORD_SIZE':
      return invalid(`Row ${row} is longer than ${MAX_RECORD_CHARS} characters (a quote left open?)`);
    default:
      return invalid(`The CSV cannot be read at ${where}: ${err.message.slice(0, 200)}`);
  }
}

/** Bytes to text in the file's encoding (a split multi-byte character waits for its next chunk). */
function decoder(encoding: ImportEncoding): Transform {
  const d = new TextDecoder(encoding);
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      done(null, d.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, d.decode());
    },
  });
}

/** Comma, semicolon (what Excel writes where the decimal mark is a comma, e.g. in Hungary) or TAB: whichever the header line has most of. */
async function guessDelimiter(path: string, encoding: ImportEncoding): Promise<string> {
  const text = new TextDecoder(encoding).decode(await firstBytes(path, 64 * 1024));
  const firstLine = text.split(/\r?\n/, 1)[0]!.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

async function* readXlsx(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  } as never);
  let row = 0;
  try {
    for await (const sheet of reader as AsyncIterable<AsyncIterable<ExcelJS.Row>>) {
      for await (const r of sheet) {
        const values = Array.isArray(r.values) ? (r.values as unknown[]).slice(1) : [];
        if (values.length > MAX_COLUMNS) {
          throw invalid(`Row ${r.number} has ${values.length} columns; an import takes at most ${MAX_COLUMNS}`);
        }
        let unreadable: string | null = null;
        const cells: string[] = [];
        for (let i = 0; i < values.length; i++) {
          const v = xlsxCell(values[i]);
          if (v.unreadable && !unreadable) unreadable = `column ${i + 1}: ${v.unreadable}`;
          cells.push(v.text);
        }
        if (!cells.some((c) => c.trim())) continue;
        row++;
        yield { row, cells, unreadable };
      }
      // only the first worksheet
      break;
    }
  } catch (err) {
    if (err instanceof ImportException) throw err;
    throw invalid(`The XLSX workbook cannot be read: ${String((err as Error)?.message ?? err).slice(0, 200)}`);
  }
}

/** One XLSX cell as text. A formula gives its saved value; one saved without a value cannot be imported (never evaluated here). */
function xlsxCell(value: unknown): { text: string; unreadable?: string } {
  if (value === null || value === undefined) return { text: '' };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().replace(/T00:00:00\.000Z$/, '') };
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value === 'string' || typeof value === 'boolean') return { text: cell(String(value)) };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result === undefined || v.result === null) return { text: '', unreadable: 'a formula without a saved value (open and save the file in a spreadsheet first)' };
      if (typeof v.result === 'object' && v.result && 'error' in (v.result as object)) return { text: '', unreadable: `a formula whose value is an error (${String((v.result as { error: unknown }).error)})` };
      return xlsxCell(v.result);
    }
    if (Array.isArray(v.richText)) return { text: cell((v.richText as { text: string }[]).map((t) => t.text).join('')) };
    if ('text' in v) return xlsxCell(v.text);
    if ('error' in v) return { text: '', unreadable: `an error value (${String(v.error)})` };
  }
  return { text: '' };
}

function cell(text: string): string {
  return text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text;
}

async function firstBytes(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
