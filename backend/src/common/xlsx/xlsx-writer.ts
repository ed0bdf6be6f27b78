import { stream as excelStream, type Style } from 'exceljs';
import { type EventEmitter, once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { withoutControls } from '../csv/csv-writer';

/**
 * The one XLSX writer (ADR 0034), beside the CSV one: a sheet streamed with exceljs's
 * WorkbookWriter, every cell a typed value. Text is a string cell whatever it starts with
 * (`=HYPERLINK(...)` stays text: exceljs writes a formula only from a `{ formula }` object, which
 * this module never builds), numbers are numbers, times are date cells.
 */
export type XlsxCellType = 'text' | 'integer' | 'money' | 'datetime' | 'date';

export interface XlsxColumn<K extends string = string> {
  key: K;
  header: string;
  type: XlsxCellType;
  /** In characters; a default per type otherwise. */
  width?: number;
}

export interface XlsxOptions {
  sheetName: string;
  /** Date cells show the wall-clock time of this IANA zone (a spreadsheet's dates have no zone). */
  timeZone: string;
}

const FORMATS: Record<XlsxCellType, string | undefined> = {
  text: undefined,
  integer: '0',
  money: '#,##0.00',
  datetime: 'yyyy-mm-dd hh:mm:ss',
  date: 'yyyy-mm-dd',
};
/** Rows written between two turns of the event loop. */
const YIELD_EVERY = 100;
/** Bytes of sheet XML let wait for the compression before the source is paused. */
const MAX_BACKLOG = 1 << 20;
const WIDTHS: Record<XlsxCellType, number> = { text: 24, integer: 10, money: 14, datetime: 20, date: 12 };

/**
 * The file as a stream: rows are read from `rows` as the output drains (the source waits while the
 * response's buffer is full), so a large export never sits whole in memory. A failing source
 * destroys the output with its error.
 */
export function xlsxStream(columns: readonly XlsxColumn[], rows: AsyncIterable<object> | Iterable<object>, options: XlsxOptions): Readable {
  const out = new PassThrough();
  // no shared strings table: it would hold every distinct text of the file in memory until the end
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(withoutControls(options.sheetName).slice(0, 31) || 'Export');
  sheet.columns = columns.map((c) => ({ key: c.key, header: c.header, width: c.width ?? WIDTHS[c.type] }));
  // One style object per column, shared by all its cells: exceljs remembers a style it has seen
  // by object identity, and the fresh object it gives each cell costs it a full style lookup (a
  // third of the writing time). Text cells have none (a string cell is text already).
  const styles = columns.map((c) => (FORMATS[c.type] ? { numFmt: FORMATS[c.type] } : {}));
  const toZone = wallClock(options.timeZone);
  (async () => {
    let sinceTurn = 0;
    for await (const row of rows) {
      const values: Record<string, unknown> = {};
      for (const c of columns) values[c.key] = xlsxCell((row as Record<string, unknown>)[c.key], c.type, toZone);
      const line = sheet.addRow(values);
      for (let i = 0; i < styles.length; i++) line.getCell(i + 1).style = styles[i] as Partial<Style>;
      line.commit();
      if (out.writableNeedDrain) await drainedOrClosed(out, out);
      // exceljs feeds the zip's deflate without back-pressure: wait while the sheet's XML piles up
      // in front of the compression, and give the event loop a turn now and then
      const entry = zipEntryOf(sheet);
      if (entry && entry._writableState.length > MAX_BACKLOG) await drainedOrClosed(entry, out);
      else if (++sinceTurn >= YIELD_EVERY) {
        sinceTurn = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      // the client went away (the response destroyed the stream): leaving the loop ends the source (its cursor)
      if (out.destroyed) return;
    }
    sheet.commit();
    await workbook.commit();
  })().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}

/** Resolves when `stream` has room again, or the output is gone (a destroyed stream never drains). */
async function drainedOrClosed(stream: EventEmitter, out: PassThrough): Promise<void> {
  const done = new AbortController();
  await Promise.race([once(stream, 'drain', { signal: done.signal }), once(out, 'close', { signal: done.signal })]).catch(() => undefined);
  done.abort();
}

/** The zip entry's stream exceljs writes a sheet's XML into, with its buffered length. */
interface ZipEntry extends EventEmitter {
  _writableState: { length: number };
}

/**
 * The stream exceljs pipes the sheet into (its StreamBuf's first pipe: the zip entry). exceljs
 * writes to it ignoring back-pressure; reading its buffered length is how this writer applies
 * some. Internal to exceljs 4.4 (the unit spec fails if it moves); null if it is not there.
 */
export function zipEntryOf(sheet: unknown): ZipEntry | null {
  const entry = (sheet as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as Partial<ZipEntry> | undefined;
  return entry && typeof entry._writableState?.length === 'number' && typeof entry.once === 'function' ? (entry as ZipEntry) : null;
}

/** One value as a typed cell: null stays empty; a value that is not what its column says becomes text. */
export function xlsxCell(value: unknown, type: XlsxCellType, toZone: (d: Date) => Date = (d) => d): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'integer':
    case 'money': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
      return Number.isFinite(n) ? n : text(value);
    }
    case 'datetime':
    case 'date': {
      const d = value instanceof Date ? value : typeof value === 'string' ? new Date(type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value) : null;
      if (!d || Number.isNaN(d.getTime())) return text(value);
      return type === 'date' && typeof value === 'string' ? d : toZone(d);
    }
    case 'text':
      return text(value);
  }
}

function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return withoutControls(value.map((v) => String(v)).join(', '));
  if (typeof value === 'object') return withoutControls(JSON.stringify(value));
  return withoutControls(String(value));
}

/**
 * A function giving, for an instant, the Date whose UTC fields are its wall-clock time in
 * `timeZone`. The zone's offset is looked up once per quarter hour of time (offsets change only on
 * quarter-hour boundaries): Intl per cell was most of an XLSX export's time.
 */
export function wallClock(timeZone: string): (d: Date) => Date {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const QUARTER = 15 * 60_000;
  const offsets = new Map<number, number>();
  const offsetAt = (start: number): number => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(start))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
  };
  return (d) => {
    const start = Math.floor(d.getTime() / QUARTER) * QUARTER;
    let offset = offsets.get(start);
    if (offset === undefined) {
      if (offsets.size > 50_000) offsets.clear();
      offset = offsetAt(start);
      offsets.set(start, offset);
    }
    return new Date(d.getTime() + offset);
  };
}
