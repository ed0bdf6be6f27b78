import { ValueType, Workbook } from 'exceljs';
import { createWorld, sql, type World } from './fixtures';

// Exports (issue 17): each file holds exactly the rows its list shows the caller, with the list's
// filters; the CSV goes through the reports' writer (formula-safe, BOM), the XLSX has typed cells.

let world: World;
const HYPERLINK = '=HYPERLINK("http://x","y")';
const ids: Record<string, string> = {};

interface Got {
  status: number;
  type: string | null;
  disposition: string | null;
  bytes: Buffer;
}

async function download(who: 'alice' | 'bob' | 'head', path: string): Promise<Got> {
  const res = await fetch(`${world.backend.url}${path}`, { headers: { authorization: `Bearer ${world.tokens[who]}` } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** RFC 4180, enough for our own files: quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

/** The CSV as header + records keyed by header. */
async function csv(who: 'alice' | 'bob' | 'head', path: string): Promise<{ text: string; records: Record<string, string>[] }> {
  const got = await download(who, path);
  expect(got.status).toBe(200);
  const text = got.bytes.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rest] = parseCsv(text.slice(1));
  return { text, records: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

async function xlsx(who: 'alice' | 'bob' | 'head', path: string) {
  const got = await download(who, path);
  expect(got.status).toBe(200);
  const book = new Workbook();
  await book.xlsx.load(got.bytes as any);
  const sheet = book.worksheets[0];
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, any>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const cells: Record<string, any> = {};
    header.forEach((h, i) => (cells[h] = row.getCell(i + 1)));
    rows.push(cells);
  });
  return { header, rows };
}

/** Every id the list API gives, paged through. */
async function listIds(who: 'alice' | 'bob' | 'head', kind: 'deals' | 'contacts' | 'calls' | 'tasks', query = ''): Promise<string[]> {
  const api = world[who];
  const sep = query ? '&' : '';
  const out: string[] = [];
  if (kind === 'deals') {
    let cursor: string | null = null;
    do {
      const res: any = await api.get(`/api/deals?${query}${sep}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      out.push(...res.body.items.map((d: any) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
  } else if (kind === 'calls') {
    let after: string | null = null;
    for (;;) {
      const res: any = await api.get(`/api/calls?${query}${sep}limit=2${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      out.push(...res.body.map((c: any) => c.id));
      if (res.body.length < 2) break;
      after = res.body[res.body.length - 1].id;
    }
  } else {
    // one page holds all of this world's rows (these lists take no cursor)
    const res = await api.get(`/api/${kind}?${query}${sep}limit=200`);
    expect(res.status).toBe(200);
    const items = kind === 'contacts' ? res.body.items : res.body;
    expect(items.length).toBeLessThan(200);
    out.push(...items.map((x: any) => x.id));
  }
  return out;
}

beforeAll(async () => {
  world = await createWorld();
  const made = async (res: Promise<{ status: number; body: any }>) => {
    const r = await res;
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  ids.hyperlink = await made(world.alice.post('/api/contacts', { name: HYPERLINK, phones: [{ number: '+36 30 123 4567' }] }));
  ids.accents = await made(world.alice.post('/api/contacts', { name: 'Árvíztűrő Tükörfúrógép Őze', company: '<b>Kft</b> & "Társa"' }));
  ids.bobContact = await made(world.bob.post('/api/contacts', { name: 'Bob Client' }));
  ids.aliceDeal = await made(world.alice.post('/api/deals', { title: '+1+2 formula deal', amount: '1250.50', contactId: ids.hyperlink, tags: ['vip'] }));
  ids.aliceDeal2 = await made(world.alice.post('/api/deals', { title: 'Szőlő -5 kg', amount: '300.00', contactId: ids.accents }));
  ids.aliceDeal3 = await made(world.alice.post('/api/deals', { title: 'Third of Alice', amount: '10.00' }));
  ids.bobDeal = await made(world.bob.post('/api/deals', { title: 'Bob secret deal', amount: '200.00', contactId: ids.bobContact }));
  ids.inboxDeal = await made(world.head.post('/api/deals', { title: 'Inbox lead', ownerId: null, stageId: world.stages['Unsorted'] }));
  ids.aliceTask = await made(world.alice.post('/api/tasks', { title: '@call back', dealId: ids.aliceDeal, dueAt: new Date(Date.now() + 3600_000).toISOString() }));
  ids.bobTask = await made(world.bob.post('/api/tasks', { title: 'Bob task', dealId: ids.bobDeal }));
  // a name only a phone line or an import could bring: control characters and a tab (the API refuses them)
  const [ctrl] = await sql(world, `INSERT INTO contacts (name, owner_id) VALUES ($1, $2) RETURNING id`, ['Bell\u0007Name\tTabbed <script>x</script>', world.ids.alice]);
  ids.ctrl = ctrl.id;
  const call = async (sipId: string, fields: Record<string, unknown>) => {
    const keys = Object.keys(fields);
    const [row] = await sql(
      world,
      `INSERT INTO calls (sip_call_id, ${keys.join(', ')}) VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING id`,
      [sipId, ...Object.values(fields)],
    );
    return row.id as string;
  };
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  ids.callAliceDeal = await call('exp-1', { direction: 'inbound', offered_at: minutesAgo(50), outcome: 'missed', deal_id: ids.aliceDeal, from_number: '+36301234567' });
  ids.callBobDeal = await call('exp-2', { direction: 'inbound', offered_at: minutesAgo(40), outcome: 'completed', deal_id: ids.bobDeal, answered_by: world.ids.bob, duration_sec: 61 });
  ids.callAliceAnsweredBobDeal = await call('exp-3', { direction: 'inbound', offered_at: minutesAgo(30), outcome: 'completed', deal_id: ids.bobDeal, answered_by: world.ids.alice, duration_sec: 42 });
  ids.callAliceOut = await call('exp-4', { direction: 'outbound', offered_at: minutesAgo(20), outcome: 'completed', user_id: world.ids.alice, to_number: '+36209998877', duration_sec: 5 });
  ids.callInbox = await call('exp-5', { direction: 'inbound', offered_at: minutesAgo(10), outcome: 'missed', deal_id: ids.inboxDeal });
});

afterAll(async () => {
  await world?.backend.destroy();
});

describe('exports: exactly the rows of the lists', () => {
  for (const kind of ['deals', 'contacts', 'calls', 'tasks'] as const) {
    it(`should give a Seller the ${kind} of their list, no more and no fewer, in CSV and XLSX`, async () => {
      const expected = await listIds('alice', kind);
      expect(expected.length).toBeGreaterThan(0);
      const fromCsv = (await csv('alice', `/api/exports/${kind}.csv`)).records.map((r) => r.Id);
      expect(fromCsv).toEqual(expected);
      const fromXlsx = (await xlsx('alice', `/api/exports/${kind}.xlsx`)).rows.map((r) => r.Id.value);
      expect(fromXlsx).toEqual(expected);
    });

    it(`should give the Head everyone's ${kind}`, async () => {
      const expected = await listIds('head', kind);
      const fromCsv = (await csv('head', `/api/exports/${kind}.csv`)).records.map((r) => r.Id);
      expect(fromCsv).toEqual(expected);
    });
  }

  it("should leave another Seller's rows out of a Seller's files and put them in the Head's", async () => {
    const alice = (await csv('alice', '/api/exports/deals.csv')).records.map((r) => r.Id);
    expect(alice).toEqual(expect.arrayContaining([ids.aliceDeal, ids.aliceDeal2, ids.aliceDeal3, ids.inboxDeal]));
    expect(alice).not.toContain(ids.bobDeal);
    const head = (await csv('head', '/api/exports/deals.csv')).records.map((r) => r.Id);
    expect(head).toEqual(expect.arrayContaining([ids.aliceDeal, ids.bobDeal, ids.inboxDeal]));
    const aliceCalls = (await csv('alice', '/api/exports/calls.csv')).records;
    expect(aliceCalls.map((r) => r.Id).sort()).toEqual([ids.callAliceDeal, ids.callAliceAnsweredBobDeal, ids.callAliceOut, ids.callInbox].sort());
    // a call Alice answered on Bob's deal: hers to see, Bob's deal not named (as in the history)
    expect(aliceCalls.find((r) => r.Id === ids.callAliceAnsweredBobDeal)!.Deal).toBe('');
    const aliceContacts = (await csv('alice', '/api/exports/contacts.csv')).records.map((r) => r.Id);
    expect(aliceContacts).not.toContain(ids.bobContact);
    const aliceTasks = (await csv('alice', '/api/exports/tasks.csv')).records.map((r) => r.Id);
    expect(aliceTasks).toEqual([ids.aliceTask]);
  });

  it('should apply the list filters, and refuse what the list refuses', async () => {
    const cases: [kind: 'deals' | 'contacts' | 'calls' | 'tasks', query: string, who: 'alice' | 'head'][] = [
      ['deals', 'q=Alice', 'alice'],
      ['deals', 'tag=VIP', 'alice'],
      ['deals', 'ownerId=none', 'alice'],
      ['deals', `ownerId=${world.ids.bob}`, 'head'],
      ['deals', 'minAmount=100&maxAmount=400', 'head'],
      ['contacts', 'q=fúró', 'alice'],
      ['contacts', `phone=${encodeURIComponent('06 30 123 4567')}`, 'alice'],
      ['calls', 'kind=missed', 'alice'],
      ['calls', `userId=${world.ids.bob}`, 'head'],
      ['tasks', 'status=open', 'head'],
      ['tasks', `assigneeId=${world.ids.bob}`, 'head'],
    ];
    for (const [kind, query, who] of cases) {
      const expected = await listIds(who, kind, query);
      const got = (await csv(who, `/api/exports/${kind}.csv?${query}`)).records.map((r) => r.Id);
      expect({ kind, query, got }).toEqual({ kind, query, got: expected });
    }
    expect((await csv('alice', '/api/exports/deals.csv?tag=vip')).records.map((r) => r.Id)).toEqual([ids.aliceDeal]);
    expect((await csv('head', '/api/exports/calls.csv?kind=missed')).records.map((r) => r.Id)).toEqual([ids.callInbox, ids.callAliceDeal]);
    // the same refusals as the lists
    expect((await download('alice', `/api/exports/deals.csv?ownerId=${world.ids.bob}`)).status).toBe(403);
    expect((await download('alice', `/api/exports/tasks.xlsx?assigneeId=${world.ids.bob}`)).status).toBe(403);
    expect((await download('alice', `/api/exports/contacts.csv?phone=nonsense`)).status).toBe(400);
    expect((await download('alice', '/api/exports/orders.csv')).status).toBe(400);
    expect((await download('alice', '/api/exports/deals.pdf')).status).toBe(400);
    expect((await fetch(`${world.backend.url}/api/exports/deals.csv`)).status).toBe(401);
  });
});

describe('exports: the cells', () => {
  it('should neutralise a formula in CSV, keep numbers and E.164 phones, and name the file by the team-zone date', async () => {
    const got = await download('alice', '/api/exports/contacts.csv');
    const zone = (await world.head.get('/api/team-settings')).body.timeZone as string;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    expect(got.type).toMatch(/^text\/csv; charset=utf-8/);
    expect(got.disposition).toBe(`attachment; filename="contacts-${today}.csv"`);
    const text = got.bytes.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const contact = parseCsv(text.slice(1)).find((r) => r[0] === ids.hyperlink)!;
    expect(contact[1]).toBe(`'${HYPERLINK}`);
    expect(contact[4]).toBe('+36301234567');

    const deals = (await csv('alice', '/api/exports/deals.csv')).records;
    const deal = deals.find((r) => r.Id === ids.aliceDeal)!;
    expect(deal.Title).toBe("'+1+2 formula deal");
    expect(deal.Amount).toBe('1250.50');
    expect(deal.Phone).toBe('+36301234567');
    expect(deal.Contact).toBe(`'${HYPERLINK}`);
    expect(deals.find((r) => r.Id === ids.aliceDeal2)!.Title).toBe('Szőlő -5 kg');
    const task = (await csv('alice', '/api/exports/tasks.csv')).records[0];
    expect(task.Title).toBe("'@call back");
  });

  it('should keep Hungarian accents, markup and a tab as text, and drop control characters', async () => {
    const { text, records } = await csv('alice', '/api/exports/contacts.csv');
    expect(text).toContain('Árvíztűrő Tükörfúrógép Őze');
    const accents = records.find((r) => r.Id === ids.accents)!;
    expect(accents.Name).toBe('Árvíztűrő Tükörfúrógép Őze');
    expect(accents.Company).toBe('<b>Kft</b> & "Társa"');
    expect(records.find((r) => r.Id === ids.ctrl)!.Name).toBe('BellName\tTabbed <script>x</script>');
  });

  it('should write XLSX cells as typed values: a formula-looking name is a string, never a formula', async () => {
    const got = await download('alice', '/api/exports/deals.xlsx');
    expect(got.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(got.disposition).toMatch(/^attachment; filename="deals-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const { header, rows } = await xlsx('alice', '/api/exports/deals.xlsx');
    expect(header.slice(0, 4)).toEqual(['Id', 'Title', 'Amount', 'Currency']);
    const deal = rows.find((r) => r.Id.value === ids.aliceDeal)!;
    expect(deal.Contact.value).toBe(HYPERLINK);
    expect(deal.Contact.formula).toBeUndefined();
    expect(deal.Contact.type).toBe(ValueType.String);
    expect(deal.Amount.type).toBe(ValueType.Number);
    expect(deal.Created.type).toBe(ValueType.Date);
    expect(deal.Title.value).toBe('+1+2 formula deal');
    expect(deal.Amount.value).toBe(1250.5);
    expect(deal.Phone.value).toBe('+36301234567');
    expect(deal.Created.value).toBeInstanceOf(Date);
    expect(deal.Tags.value).toBe('vip');

    const contacts = (await xlsx('alice', '/api/exports/contacts.xlsx')).rows;
    const link = contacts.find((r) => r.Id.value === ids.hyperlink)!;
    expect(link.Name.value).toBe(HYPERLINK);
    expect(link.Name.formula).toBeUndefined();
    expect(contacts.find((r) => r.Id.value === ids.accents)!.Name.value).toBe('Árvíztűrő Tükörfúrógép Őze');
    expect(contacts.find((r) => r.Id.value === ids.accents)!.Company.value).toBe('<b>Kft</b> & "Társa"');
    expect(contacts.find((r) => r.Id.value === ids.ctrl)!.Name.value).toBe('BellName\tTabbed <script>x</script>');

    const calls = (await xlsx('head', '/api/exports/calls.xlsx')).rows;
    expect(calls.find((r) => r.Id.value === ids.callBobDeal)!['Duration (s)'].value).toBe(61);
  });

  it('should write no formula cell at all, whatever the text', async () => {
    for (const kind of ['deals', 'contacts', 'calls', 'tasks']) {
      const got = await download('head', `/api/exports/${kind}.xlsx`);
      const book = new Workbook();
      await book.xlsx.load(got.bytes as any);
      let cells = 0;
      let formulas = 0;
      book.worksheets[0].eachRow((row) =>
        row.eachCell((cell) => {
          cells++;
          if (cell.type === ValueType.Formula || cell.formula) formulas++;
        }),
      );
      expect({ kind, formulas, some: cells > 10 }).toEqual({ kind, formulas: 0, some: true });
    }
  });
});

/** Polls a database reading (there is no event for it) every 50 ms, for at most 10 s. */
async function until(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('exports: a client that goes away', () => {
  // runs last: it adds 50,000 deals, which the comparisons with the paged lists above do without
  it('should end the cursor and give its connection back when the download is dropped halfway', async () => {
    await sql(
      world,
      `INSERT INTO deals (title, amount, currency, pipeline_id, stage_id, owner_id, source, status, position)
       SELECT 'Bulk deal ' || g, g, 'EUR', $1, $2, $3, 'import', 'open', g * 1024.0 FROM generate_series(1, 50000) g`,
      [world.pipelineId, world.stages['New'], world.ids.head],
    );
    // the export's own session in PostgreSQL: open while the cursor is, idle while the backend waits on its client
    const session = () =>
      sql(
        world,
        `SELECT pid, state, extract(epoch FROM now() - state_change)::float AS still FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND query ILIKE '%export_rows%'`,
      );
    for (const format of ['csv', 'xlsx']) {
      const abort = new AbortController();
      const res = await fetch(`${world.backend.url}/api/exports/deals.${format}`, { headers: { authorization: `Bearer ${world.tokens.head}` }, signal: abort.signal });
      const reader = res.body!.getReader();
      let got = 0;
      while (got < 256 * 1024) got += (await reader.read()).value!.length;
      // this client reads no more: the backend fills the buffers, then waits with the cursor open
      let pid: number | undefined;
      const blocked = await until(async () => {
        const [s] = await session();
        pid = s?.pid;
        return s?.state === 'idle in transaction' && s.still > 1;
      });
      expect({ format, blocked }).toEqual({ format, blocked: true });
      const [{ at }] = await sql(world, 'SELECT clock_timestamp() AS at');
      abort.abort();
      // that connection's transaction ends: it is gone, or back in the pool with none open (or a later one:
      // a transaction given back unfinished would stay open under whatever the pool runs on it next)
      const ended = async () => {
        const [row] = await sql(world, `SELECT xact_start FROM pg_stat_activity WHERE pid = $1`, [pid]);
        return !row || row.xact_start === null || row.xact_start > at;
      };
      expect({ format, ended: await until(ended) }).toEqual({ format, ended: true });
    }
    // and the pool still serves
    expect((await world.head.get('/api/deals?limit=1')).status).toBe(200);
  });
});
