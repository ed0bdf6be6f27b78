import { csvCell, csvStream, safeFileName, toCsv } from './csv-writer';

const BOM = '\uFEFF';
const cols = [
  { key: 'name', header: 'Name' },
  { key: 'note', header: 'Note' },
];
/** The one data cell of a one-column file, as written (quoted if it had to be). */
const written = (value: unknown) => toCsv([{ key: 'v', header: 'V' }], [{ v: value }]).slice(BOM.length + 'V\r\n'.length, -2);

describe('csv writer', () => {
  it('should start with a UTF-8 BOM and end every line, the last too, with CRLF', () => {
    const csv = toCsv(cols, [{ name: 'Ana', note: 'x' }, { name: 'Béla', note: 'y' }]);
    expect(csv).toBe(`${BOM}Name,Note\r\nAna,x\r\nBéla,y\r\n`);
  });

  it('should write only the header when there are no rows', () => {
    expect(toCsv(cols, [])).toBe(`${BOM}Name,Note\r\n`);
  });

  it('should neutralise a formula with a leading quote, when a cell starts with = + - @', () => {
    expect(written('=HYPERLINK("http://evil.example","click")')).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(written('@SUM(A1:A2)')).toBe(`'@SUM(A1:A2)`);
    expect(written('+1+2')).toBe(`'+1+2`);
    expect(written('-5abc')).toBe(`'-5abc`);
    expect(written('-1e3')).toBe(`'-1e3`);
    // the full-width twins some spreadsheets fold to = + - @
    expect(written('\uFF1D1+1')).toBe(`'\uFF1D1+1`);
  });

  it('should neutralise a leading TAB or CR, when a cell starts with one', () => {
    expect(written('\t=1+1')).toBe(`'\t=1+1`);
    expect(written('\r=1+1')).toBe(`"'\r=1+1"`);
  });

  it('should keep a plain decimal number, negative or with decimals, as it is', () => {
    expect(written('-5')).toBe('-5');
    expect(written('-12.50')).toBe('-12.50');
    expect(written('1250.00')).toBe('1250.00');
    expect(written(-12.5)).toBe('-12.5');
    expect(written(0)).toBe('0');
  });

  it('should keep a whole E.164 number, and neutralise a phone number written with spaces', () => {
    expect(written('+36201234567')).toBe('+36201234567');
    expect(written('+36 20 123 4567')).toBe(`'+36 20 123 4567`);
    expect(written('+36201234567;=cmd')).toBe(`'+36201234567;=cmd`);
  });

  it('should quote a cell with a comma, a quote or a line break, and double its quotes (RFC 4180)', () => {
    expect(written('Nagy, Gábor')).toBe('"Nagy, Gábor"');
    expect(written('say "hi"')).toBe('"say ""hi"""');
    expect(written('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(written('line 1\r\nline 2')).toBe('"line 1\r\nline 2"');
    expect(written('plain text')).toBe('plain text');
  });

  it('should pass markup through as text', () => {
    expect(written('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    expect(written('<b>bold</b> & co')).toBe('<b>bold</b> & co');
  });

  it('should drop control characters other than TAB, LF and CR, and then still check for a formula', () => {
    expect(written('a\u0000b\u0007c\u001Fd\u007Fe')).toBe('abcde');
    expect(written('\u0000=1+1')).toBe(`'=1+1`);
    expect(written('a\tb')).toBe('a\tb');
  });

  it('should write null and undefined as an empty cell, a date as ISO 8601, a boolean as text', () => {
    expect(written(null)).toBe('');
    expect(written(undefined)).toBe('');
    expect(toCsv(cols, [{ name: 'only' }])).toBe(`${BOM}Name,Note\r\nonly,\r\n`);
    expect(written(new Date('2026-12-06T10:11:12.345Z'))).toBe('2026-12-06T10:11:12.345Z');
    expect(written(true)).toBe('true');
  });

  it('should neutralise a header the same way as a cell', () => {
    expect(toCsv([{ key: 'a', header: '=cmd' }], [])).toBe(`${BOM}'=cmd\r\n`);
  });

  it('should neutralise every cell through the one rule', () => {
    expect(csvCell('=1')).toBe(`'=1`);
    expect(csvCell({ a: 1 })).toBe('{"a":1}');
  });

  it('should stream the same bytes as the whole file, when the rows come from an async iterable', async () => {
    const rows = [{ name: '=x', note: 'a,b' }, { name: 'Ana', note: null }];
    async function* source() {
      for (const row of rows) yield row;
    }
    let out = '';
    for await (const chunk of csvStream(cols, source())) out += chunk.toString();
    expect(out).toBe(toCsv(cols, rows));
  });

  it('should end the stream with the error, when the source fails', async () => {
    async function* source() {
      yield { name: 'a' };
      throw new Error('cursor lost');
    }
    const read = async () => {
      for await (const _ of csvStream(cols, source())) void _;
    };
    await expect(read()).rejects.toThrow('cursor lost');
  });

  it('should make a safe file name, when the name has quotes, slashes or accents', () => {
    expect(safeFileName('Calls "today"/../x')).toBe('Calls-today-x.csv');
    expect(safeFileName('Értékesítés 2026-12')).toBe('Ertekesites-2026-12.csv');
    expect(safeFileName('report.csv')).toBe('report.csv');
    expect(safeFileName('"";\r\n')).toBe('export.csv');
  });
});
