import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { pipeline, Readable } from 'node:stream';

/**
 * The one CSV writer (ADR 0025): every export (reports, data export) goes through it.
 * csv-stringify does the RFC 4180 quoting; this module decides what each cell's text is:
 * UTF-8 with a BOM (Excel), CRLF line ends, and formula injection neutralised.
 */
export interface CsvColumn<K extends string = string> {
  key: K;
  header: string;
}

const OPTIONS: Options = {
  bom: true,
  record_delimiter: '\r\n',
  // quoting only where RFC 4180 needs it (comma, quote, CR or LF in the text)
  quoted: false,
  // with an explicit record_delimiter the library would leave a lone LF or CR unquoted
  quote_record_delimiter: true,
  // our own rule below: the library's escape_formulas would also spoil "-12.5" and "+36201234567"
  escape_formulas: false,
};

/** A cell spreadsheets would read as a formula: = + - @, TAB, CR, and their full-width twins. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** Kept as they are although they start with - or +: a plain decimal number, and an E.164 number. */
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const E164 = /^\+[1-9]\d{6,14}$/;
/** C0 controls other than TAB, LF and CR, and DEL: never meaningful in a cell, some break spreadsheet files. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * One value as the text of a cell. Null/undefined: empty. Date: ISO 8601 (UTC). Anything whose
 * text a spreadsheet would run as a formula gets a leading `'`, except a plain decimal number
 * (-12.5, 1250.00) or a whole E.164 phone number (+36201234567).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = Number.isNaN(value.getTime()) ? '' : value.toISOString();
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value) ?? '';
  text = withoutControls(text);
  if (FORMULA_START.test(text) && !PLAIN_DECIMAL.test(text) && !E164.test(text)) return `'${text}`;
  return text;
}

/** The text without the C0 controls a cell never holds (TAB, LF and CR stay): the CSV and the XLSX writer's one rule. */
export function withoutControls(text: string): string {
  return text.replace(CONTROL, '');
}

function record(columns: readonly CsvColumn[], row: object): string[] {
  return columns.map((c) => csvCell((row as Record<string, unknown>)[c.key]));
}

function header(columns: readonly CsvColumn[]): string[] {
  return columns.map((c) => csvCell(c.header));
}

/** The whole file as a string: BOM, header line, one line per row, each line ended by CRLF. */
export function toCsv(columns: readonly CsvColumn[], rows: Iterable<object>): string {
  const records = [header(columns)];
  for (const row of rows) records.push(record(columns, row));
  return stringifySync(records, OPTIONS);
}

/** The same file as a stream, for exports too large to hold: rows are read as they are written. */
export function csvStream(columns: readonly CsvColumn[], rows: AsyncIterable<object> | Iterable<object>): Readable {
  async function* records() {
    yield header(columns);
    for await (const row of rows) yield record(columns, row);
  }
  const out = stringify(OPTIONS);
  // a failing source destroys the output with its error (the response ends, not hangs)
  pipeline(Readable.from(records()), out, () => undefined);
  return out;
}

/** A file name safe in a Content-Disposition header and on any file system: letters, digits, - and _. */
export function safeFileName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\.csv$/i, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return `${base || 'export'}.csv`;
}
