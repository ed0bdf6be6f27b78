import ExcelJS from 'exceljs';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { csvText, parseCsv, uploadImport, waitForImport } from '../../test/support/imports';
import { createWorld, sql, type World } from './fixtures';

// Import of contacts and deals (issue 17 part 1): upload, mapping memory, preview, duplicates in
// the database and in the file, owner rules, bad files, formulas, cancel, restart, rejected rows.

const MAX_BYTES = 200_000;
const HEADERS = ['Name', 'Phone', 'Email', 'Company', 'Owner', 'Deal', 'Stage', 'Amount'];

let world: World;
let currency: string;

const contactCount = async () => Number((await sql(world, `SELECT count(*)::int AS n FROM contacts`))[0].n);
const jobCount = async () => Number((await sql(world, `SELECT count(*)::int AS n FROM import_jobs`))[0].n);
const importsDir = () => world.backend.env.IMPORTS_DIR!;
const storedFiles = () => {
  try {
    return readdirSync(importsDir());
  } catch {
    return [];
  }
};

/** Upload, then run with the mapping the server offers (or `mapping`), and wait for the end. */
async function importCsv(api: World['head'], rows: string[][], options: { mapping?: any; name?: string } = {}) {
  const up = await uploadImport(api, options.name ?? 'contacts.csv', csvText(rows));
  expect(up.status).toBe(201);
  const mapping = options.mapping ?? up.body.mapping;
  const run = await api.post(`/api/imports/${up.body.id}/run`, mapping);
  expect(run.status).toBe(200);
  return waitForImport(api, up.body.id);
}

beforeAll(async () => {
  world = await createWorld({ env: { IMPORT_MAX_BYTES: String(MAX_BYTES), IMPORT_BATCH_ROWS: '50', IMPORT_POLL_MS: '200', IMPORT_LEASE_MS: '1500', IMPORT_BATCH_PAUSE_MS: '20' } });
  currency = (await world.head.get('/api/team-settings')).body.currency;
}, 60_000);

afterAll(async () => {
  await world?.backend.destroy();
});

describe('upload and mapping', () => {
  it('should read the header row, count the rows and guess the mapping, when a CSV is uploaded', async () => {
    const up = await uploadImport(world.alice, 'leads.csv', csvText([HEADERS, ['Kovács Ödön', '+36 30 900 0001', 'odon@example.com', 'Ödön Kft', '', '', '', '']]));
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fileName: 'leads.csv', format: 'csv', encoding: 'utf-8', status: 'uploaded', headers: HEADERS, totalRows: 1, rowsDone: 0 });
    expect(up.body.mapping.columns).toEqual(['name', 'phone', 'email', 'company', 'owner', 'dealTitle', 'stage', 'amount']);
    expect(up.body.mappingRemembered).toBe(false);
  });

  it('should offer the mapping used last time, when a file with the same header row (other case and spacing) comes again', async () => {
    const headers = ['Full name', 'Notes', 'Tel'];
    const chosen = { columns: ['name', 'company', 'phone'], duplicates: 'update' };
    const first = await uploadImport(world.alice, 'a.csv', csvText([headers, ['Remembered One', 'x', '+36 30 900 0101']]));
    expect(first.body.mapping.columns).not.toEqual(chosen.columns);
    expect((await world.alice.post(`/api/imports/${first.body.id}/run`, chosen)).status).toBe(200);
    await waitForImport(world.alice, first.body.id);
    const again = await uploadImport(world.bob, 'b.csv', csvText([['  FULL   name ', 'notes', 'TEL'], ['Remembered Two', 'y', '+36 30 900 0102']]));
    expect(again.status).toBe(201);
    expect(again.body.mappingRemembered).toBe(true);
    expect(again.body.mapping).toEqual(chosen);
    // another header row: a guess, not the remembered one
    const other = await uploadImport(world.bob, 'c.csv', csvText([['Full name', 'Tel'], ['x', '+36 30 900 0103']]));
    expect(other.body.mappingRemembered).toBe(false);
  });
});

describe('preview and duplicates', () => {
  it('should say per row create, update, skip as duplicate (database and file) or error, and write nothing', async () => {
    const existing = await world.alice.post('/api/contacts', { name: 'Already Here', email: 'Already@Example.com', phones: [{ number: '+36 30 555 0001' }] });
    expect(existing.status).toBe(201);
    const rows = [
      HEADERS,
      ['New Person', '+36 30 555 0100', 'new.person@example.com', '', '', '', '', ''], // 2 create
      ['Same Phone Other Format', '06 30 555 0001', '', '', '', '', '', ''], // 3 DB duplicate by phone
      ['Same Email Upper Case', '', 'ALREADY@example.COM', '', '', '', '', ''], // 4 DB duplicate by e-mail
      ['New Person Again', '+36305550100', '', '', '', '', '', ''], // 5 duplicate of row 2 in the file
      ['Bad Phone', 'call me maybe', '', '', '', '', '', ''], // 6 error
      ['', '+36 30 555 0102', '', '', '', '', '', ''], // 7 error: no name
      ['Bad Stage', '+36 30 555 0103', '', '', '', 'Deal', 'Nowhere', ''], // 8 error
      ['Bad Amount', '+36 30 555 0104', '', '', '', 'Deal', '', 'lots'], // 9 error
      ['Same Email As Row 2', '', 'NEW.PERSON@example.com', '', '', '', '', ''], // 10 duplicate of row 2
    ];
    const before = await contactCount();
    const up = await uploadImport(world.alice, 'dups.csv', csvText(rows));
    const skipMode = await world.alice.post(`/api/imports/${up.body.id}/preview`, { ...up.body.mapping, duplicates: 'skip' });
    expect(skipMode.status).toBe(200);
    const byRow = (p: any) => Object.fromEntries(p.rows.map((r: any) => [r.row, r.outcome]));
    expect(byRow(skipMode.body)).toEqual({ 2: 'create', 3: 'skip', 4: 'skip', 5: 'skip', 6: 'error', 7: 'error', 8: 'error', 9: 'error', 10: 'skip' });
    const reasons = Object.fromEntries(skipMode.body.rows.map((r: any) => [r.row, r.reason]));
    expect(reasons[3]).toMatch(/already in Callboard/);
    expect(reasons[5]).toBe('Duplicate of row 2 (same phone +36305550100)');
    expect(reasons[10]).toBe('Duplicate of row 2 (same e-mail new.person@example.com)');
    expect(reasons[6]).toMatch(/not a phone number/);
    expect(reasons[8]).toMatch(/No stage is called "Nowhere"/);
    const updateMode = await world.alice.post(`/api/imports/${up.body.id}/preview`, { ...up.body.mapping, duplicates: 'update' });
    expect(byRow(updateMode.body)).toMatchObject({ 3: 'update', 4: 'update', 5: 'skip' });
    // Bob does not own "Already Here": for him it is a duplicate he may not update
    const bobUp = await uploadImport(world.bob, 'dups.csv', csvText(rows));
    const bobPreview = await world.bob.post(`/api/imports/${bobUp.body.id}/preview`, { ...bobUp.body.mapping, duplicates: 'update' });
    expect(bobPreview.body.rows.find((r: any) => r.row === 3)).toMatchObject({ outcome: 'skip', reason: expect.stringMatching(/not yours to update/) });
    expect(await contactCount()).toBe(before);

    const done = await (async () => {
      expect((await world.alice.post(`/api/imports/${up.body.id}/run`, { ...up.body.mapping, duplicates: 'update' })).status).toBe(200);
      return waitForImport(world.alice, up.body.id);
    })();
    if (done.status !== 'done') console.log(world.backend.output().split('\n').filter((l) => /Import|rror/.test(l)).join('\n'));
    expect(done).toMatchObject({ status: 'done', totalRows: 9, rowsDone: 9, created: 1, updated: 2, skipped: 2, rejected: 4 });
    expect(await contactCount()).toBe(before + 1);
    const after = (await world.alice.get(`/api/contacts/${existing.body.id}`)).body;
    expect(after.name).toBe('Same Email Upper Case');
    // the rejected-rows file lists exactly the bad rows, with their reasons and cells
    const file = await fetch(`${world.backend.url}/api/imports/${up.body.id}/rejects.csv`, { headers: { authorization: `Bearer ${world.tokens.alice}` } });
    expect(file.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = parseCsv(await file.text());
    expect(lines[0]).toEqual(['Row', 'Reason', ...HEADERS]);
    expect(lines.slice(1).map((l) => Number(l[0]))).toEqual([6, 7, 8, 9]);
    expect(lines[1]![2]).toBe('Bad Phone');
  });
});

describe('owners', () => {
  it('should refuse a Seller\'s row in another rep\'s name and make the rest theirs, and let a Head import into anyone\'s', async () => {
    const rows = [
      HEADERS,
      ['Alice Own', '+36 30 666 0001', '', '', 'alice@example.com', 'Own deal', 'New', '1 500'],
      ['For Bob', '+36 30 666 0002', '', '', 'bob@example.com', '', '', ''],
      ['No Owner Given', '+36 30 666 0003', '', '', '', '', '', ''],
      ['Nobody', '+36 30 666 0004', '', '', 'nobody@example.com', '', '', ''],
    ];
    const seller = await importCsv(world.alice, rows);
    expect(seller).toMatchObject({ status: 'done', created: 2, rejected: 2 });
    const owners = await sql(world, `SELECT c.name, c.owner_id AS owner FROM contacts c JOIN contact_phones p ON p.contact_id = c.id WHERE p.e164 LIKE '+3630666%' ORDER BY c.name`);
    expect(owners).toEqual([
      { name: 'Alice Own', owner: world.ids.alice },
      { name: 'No Owner Given', owner: world.ids.alice },
    ]);
    const deal = (await sql(world, `SELECT d.title, d.owner_id AS owner, d.amount::text, d.currency, d.source, s.name AS stage FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.title = 'Own deal'`))[0];
    expect(deal).toEqual({ title: 'Own deal', owner: world.ids.alice, amount: '1500.00', currency, source: 'import', stage: 'New' });
    const file = await fetch(`${world.backend.url}/api/imports/${seller.id}/rejects.csv`, { headers: { authorization: `Bearer ${world.tokens.alice}` } });
    const reasons = parseCsv(await file.text()).slice(1).map((l) => [Number(l[0]), l[1]]);
    expect(reasons).toEqual([
      [3, 'A Seller imports only into their own name'],
      [5, 'No active user has the e-mail "nobody@example.com"'],
    ]);

    const head = await importCsv(world.head, [HEADERS, ['Head For Bob', '+36 30 666 0102', '', '', 'BOB@example.com', 'Bob deal', '', `99,50 ${currency}`]]);
    expect(head).toMatchObject({ status: 'done', created: 1, rejected: 0 });
    expect((await sql(world, `SELECT owner_id AS owner, amount::text FROM deals WHERE title = 'Bob deal'`))[0]).toEqual({ owner: world.ids.bob, amount: '99.50' });
    // only the Seller and the Heads see a Seller's import
    expect((await world.bob.get(`/api/imports/${seller.id}`)).status).toBe(404);
    expect((await world.head.get(`/api/imports/${seller.id}`)).status).toBe(200);
  });
});

describe('bad files change nothing', () => {
  let contactsBefore: number;
  let jobsBefore: number;
  beforeEach(async () => {
    contactsBefore = await contactCount();
    jobsBefore = await jobCount();
  });
  afterEach(async () => {
    expect(await contactCount()).toBe(contactsBefore);
    expect(await jobCount()).toBe(jobsBefore);
  });

  it('should answer 413 and store nothing, when a file over IMPORT_MAX_BYTES is uploaded', async () => {
    const files = storedFiles().length;
    const res = await uploadImport(world.alice, 'big.csv', csvText([HEADERS, ...Array.from({ length: 12_000 }, (_, i) => [`Big ${i}`, '', `big${i}@example.com`, '', '', '', '', ''])]));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(storedFiles().length).toBe(files);
  });

  it('should answer 413 before reading a byte of the body, when Content-Length says it is over the limit', async () => {
    const url = new URL(`${world.backend.url}/api/imports`);
    // the headers only: the body never comes, so only an answer made before reading it can arrive
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${world.tokens.alice}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(MAX_BYTES * 10) } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('should answer 413 and keep nothing, when a chunked upload without Content-Length grows over the limit', async () => {
    const files = storedFiles().length;
    const boundary = 'cbboundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nName\r\n`);
    const chunk = Buffer.from('Someone Quite Long Named,\r\n'.repeat(2000));
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent > MAX_BYTES * 2) {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await fetch(`${world.backend.url}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.tokens.alice}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit).catch((err) => ({ status: -1, err }) as any);
    expect(res.status).toBe(413);
    expect(storedFiles().length).toBe(files);
  });

  it('should refuse UTF-16 text with a clear error', async () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name,Phone\r\nÁrvíztűrő,+36301234567\r\n', 'utf16le')]);
    const res = await uploadImport(world.alice, 'utf16.csv', text);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'IMPORT_FILE_INVALID', message: expect.stringMatching(/UTF-16.*UTF-8/) });
  });

  it('should refuse a binary file that is neither UTF-8 nor Windows-1250', async () => {
    const res = await uploadImport(world.alice, 'x.csv', Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x81, 0x83, 0x98, 0x0a]));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/neither UTF-8 nor Windows-1250/);
  });

  it('should refuse 10,000 columns with a clear error', async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    const res = await uploadImport(world.alice, 'wide.csv', `${header}\r\n${'x,'.repeat(9_999)}x\r\n`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Row 1 has 10000 columns; an import takes at most 200');
  });

  it('should name the row of broken quotes', async () => {
    const res = await uploadImport(world.alice, 'quotes.csv', 'Name,Phone\r\nGood,+36301234567\r\n"Bro"ken,+36301234568\r\nAfter,+36301234569\r\n');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^Broken quotes at row 3/);
    const open = await uploadImport(world.alice, 'open.csv', 'Name,Phone\r\nGood,+36301234567\r\n"Never closed,+36301234568\r\nAfter,+36301234569\r\n');
    expect(open.status).toBe(400);
    expect(open.body.message).toMatch(/Broken quotes: a quoted cell starting at row 3/);
  });

  it('should refuse an empty file and a file with only the header row', async () => {
    const empty = await uploadImport(world.alice, 'empty.csv', '');
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe('The file is empty');
    const headersOnly = await uploadImport(world.alice, 'headers.csv', 'Name,Phone\r\n');
    expect(headersOnly.status).toBe(400);
    expect(headersOnly.body.message).toBe('The file has only the header row: there are no rows to import');
    const xlsx = await uploadImport(world.alice, 'fake.xlsx', 'Name\r\nx\r\n');
    expect(xlsx.status).toBe(400);
  });
});

describe('encodings and formulas', () => {
  it('should read a Windows-1250 (Hungarian Excel) file with its accents, semicolons as separators', async () => {
    const bytes = Buffer.from([...Buffer.from('Name;Phone\r\n'), 0xc1, ...Buffer.from('rp'), 0xe1, ...Buffer.from('d '), 0xf5, 0xfb, ...Buffer.from(';+36 30 777 0001\r\n')]);
    const up = await uploadImport(world.alice, 'latin2.csv', bytes);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ encoding: 'windows-1250', headers: ['Name', 'Phone'], totalRows: 1 });
    expect((await world.alice.post(`/api/imports/${up.body.id}/run`, up.body.mapping)).status).toBe(200);
    expect(await waitForImport(world.alice, up.body.id)).toMatchObject({ status: 'done', created: 1 });
    expect((await sql(world, `SELECT c.name FROM contacts c JOIN contact_phones p ON p.contact_id = c.id WHERE p.e164 = '+36307770001'`))[0].name).toBe('Árpád őű');
  });

  it('should store a CSV formula as text, never run it, and neutralise it in the rejected-rows file', async () => {
    const formula = '=HYPERLINK("http://evil.example","click")';
    const job = await importCsv(world.alice, [HEADERS, [formula, '+36 30 777 0002', '', '', '', '', '', ''], ['=1+1', 'not a phone', '', '', '', '', '', '']]);
    expect(job).toMatchObject({ created: 1, rejected: 1 });
    expect((await sql(world, `SELECT c.name FROM contacts c JOIN contact_phones p ON p.contact_id = c.id WHERE p.e164 = '+36307770002'`))[0].name).toBe(formula);
    const file = await (await fetch(`${world.backend.url}/api/imports/${job.id}/rejects.csv`, { headers: { authorization: `Bearer ${world.tokens.alice}` } })).text();
    expect(parseCsv(file)[1]!.slice(0, 3)).toEqual(['3', '"not a phone" is not a phone number', "'=1+1"]);
  });

  it('should take an XLSX formula cell\'s saved value, and reject a row whose formula has none', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Contacts');
    ws.addRow(['Name', 'Phone', 'Deal', 'Amount']);
    ws.addRow(['Xlsx Formula', '+36 30 777 0003', 'Xlsx deal', { formula: '20*50', result: 1000 }]);
    ws.addRow(['Xlsx No Value', '+36 30 777 0004', 'Xlsx deal 2', { formula: '20*50' }]);
    ws.addRow(['Xlsx Ödön', { formula: '"+36 30 777 0005"', result: '+36 30 777 0005' }, '', '']);
    const up = await uploadImport(world.alice, 'book.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ format: 'xlsx', headers: ['Name', 'Phone', 'Deal', 'Amount'], totalRows: 3 });
    const preview = await world.alice.post(`/api/imports/${up.body.id}/preview`, up.body.mapping);
    expect(preview.body.rows.map((r: any) => r.outcome)).toEqual(['create', 'error', 'create']);
    expect(preview.body.rows[1].reason).toMatch(/formula without a saved value/);
    expect((await world.alice.post(`/api/imports/${up.body.id}/run`, up.body.mapping)).status).toBe(200);
    expect(await waitForImport(world.alice, up.body.id)).toMatchObject({ status: 'done', created: 2, rejected: 1 });
    expect((await sql(world, `SELECT amount::text FROM deals WHERE title = 'Xlsx deal'`))[0].amount).toBe('1000.00');
  });
});

describe('the background job', () => {
  const bigRows = (marker: string, n: number) => [['Name', 'Phone', 'Company'], ...Array.from({ length: n }, (_, i) => [`${marker} ${i}`, `+36 70 ${marker === 'cancel' ? 1 : 2}${String(i).padStart(6, '0')}`, marker])];

  it('should stop after the current batch and keep what was committed, when cancelled', async () => {
    const up = await uploadImport(world.alice, 'cancel.csv', csvText(bigRows('cancel', 3000)));
    expect(up.status).toBe(201);
    expect((await world.alice.post(`/api/imports/${up.body.id}/run`, up.body.mapping)).status).toBe(200);
    await waitForImport(world.alice, up.body.id, 30_000, (j) => j.rowsDone > 0);
    const cancelled = await world.alice.post(`/api/imports/${up.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const done = cancelled.body.rowsDone;
    expect(done).toBeLessThan(3000);
    // a second cancel is refused; the count stays where the cancel found it
    expect((await world.alice.post(`/api/imports/${up.body.id}/cancel`)).status).toBe(409);
    const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM contacts WHERE company = 'cancel'`);
    expect(n).toBe(done);
    expect((await world.alice.get(`/api/imports/${up.body.id}`)).body).toMatchObject({ status: 'cancelled', rowsDone: done, created: done });
  });

  it('should resume after a crash right after the last committed batch, with no row twice', async () => {
    const up = await uploadImport(world.head, 'crash.csv', csvText(bigRows('crash', 4000)));
    expect((await world.head.post(`/api/imports/${up.body.id}/run`, up.body.mapping)).status).toBe(200);
    await waitForImport(world.head, up.body.id, 30_000, (j) => j.rowsDone >= 100);
    await world.backend.kill();
    const [{ cursor }] = await sql(world, `SELECT cursor FROM import_jobs WHERE id = $1`, [up.body.id]);
    const [{ n: before }] = await sql(world, `SELECT count(*)::int AS n FROM contacts WHERE company = 'crash'`);
    expect(before).toBe(cursor - 1);
    expect(before).toBeLessThan(4000);
    await world.backend.restart();
    const job = await waitForImport(world.head, up.body.id, 60_000);
    expect(job).toMatchObject({ status: 'done', rowsDone: 4000, created: 4000, skipped: 0, rejected: 0 });
    const [{ n, distinct }] = await sql(world, `SELECT count(*)::int AS n, count(DISTINCT name)::int AS distinct FROM contacts WHERE company = 'crash'`);
    expect([n, distinct]).toEqual([4000, 4000]);
    expect(storedFiles()).not.toContain(`${up.body.id}.upload`);
  }, 120_000);
});
