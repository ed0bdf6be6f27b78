import { readFileSync } from 'node:fs';
import { Workbook } from 'exceljs';
import type { Page } from 'playwright-core';
import { Api, defaultPipeline } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { LAPTOP, launchBrowser, signedInPage, type TestBrowser } from './browser';

// Issue 17, exports: a Seller clicks Export on her board, contacts, calls and today list and gets
// the rows her lists show (never Bob's), with the filters on screen, formula-safe.

const WAIT = 15_000;
const HYPERLINK = '=HYPERLINK("http://x","y")';

describe('Exports', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let alice: Api;
  let bob: Api;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    alice = (await new Api(backend.url).login('alice@example.com')).api;
    bob = (await new Api(backend.url).login('bob@example.com')).api;
    const pipeline = await defaultPipeline(alice);
    const ok = async (res: Promise<{ status: number; body: any }>) => {
      const r = await res;
      if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return r.body.id as string;
    };
    const linked = await ok(alice.post('/api/contacts', { name: HYPERLINK, phones: [{ number: '+36 30 765 4321' }] }));
    await ok(alice.post('/api/contacts', { name: 'Őrült Béla' }));
    await ok(bob.post('/api/contacts', { name: 'E17 Bob contact' }));
    await ok(alice.post('/api/deals', { title: 'E17 Alice VIP', amount: '1250.00', contactId: linked, tags: ['vip'], stageId: pipeline.stageId('New') }));
    await ok(alice.post('/api/deals', { title: 'E17 Alice plain', amount: '10.00', stageId: pipeline.stageId('New') }));
    await ok(bob.post('/api/deals', { title: 'E17 Bob secret', amount: '99.00' }));
    await ok(alice.post('/api/tasks', { title: 'E17 Alice task' }));
    await ok(bob.post('/api/tasks', { title: 'E17 Bob task' }));
  }, 90_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  /** Clicks a list's Export button for a format, and returns the downloaded file. */
  async function exportFrom(page: Page, kind: string, format: 'csv' | 'xlsx'): Promise<{ name: string; bytes: Buffer }> {
    await page.getByRole('group', { name: 'Export' }).getByRole('button', { name: `Export as ${format.toUpperCase()}` }).waitFor({ timeout: WAIT });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByTestId(`export-${kind}-${format}`).click()]);
    return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  }

  it("should download a Seller's own deals, contacts, calls and tasks, with the filters on screen", async () => {
    const page = await signedInPage(chromium, backend.url, 'alice@example.com', errors, WAIT, LAPTOP);

    const deals = await exportFrom(page, 'deals', 'csv');
    expect(deals.name).toMatch(/^deals-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = deals.bytes.toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('E17 Alice VIP');
    expect(csv).toContain('E17 Alice plain');
    expect(csv).not.toContain('E17 Bob secret');
    // the contact's name is neutralised, the amount and the E.164 phone are not
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toContain(',1250.00,');
    expect(csv).toContain(',+36307654321,');

    // the board filtered by a tag: the export has only what the board shows
    await page.goto(`${backend.url}/board?tag=vip`);
    await page.getByTestId('board').waitFor({ timeout: WAIT });
    const filtered = await exportFrom(page, 'deals', 'xlsx');
    expect(filtered.name).toMatch(/^deals-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new Workbook();
    await book.xlsx.load(filtered.bytes as any);
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const titles: unknown[] = [];
    sheet.eachRow((row, n) => void (n > 1 && titles.push(row.getCell(header.indexOf('Title') + 1).value)));
    expect(titles).toEqual(['E17 Alice VIP']);
    const contactCell = sheet.getRow(2).getCell(header.indexOf('Contact') + 1);
    expect(contactCell.value).toBe(HYPERLINK);
    expect(contactCell.formula).toBeUndefined();
    expect(sheet.getRow(2).getCell(header.indexOf('Amount') + 1).value).toBe(1250);

    await page.getByTestId('nav-contacts').click();
    await page.getByTestId('contacts-table').waitFor({ timeout: WAIT });
    const contacts = (await exportFrom(page, 'contacts', 'csv')).bytes.toString('utf8');
    expect(contacts).toContain('Őrült Béla');
    expect(contacts).not.toContain('E17 Bob contact');

    await page.goto(`${backend.url}/calls`);
    await page.getByTestId('call-history').waitFor({ timeout: WAIT });
    const calls = await exportFrom(page, 'calls', 'xlsx');
    expect(calls.name).toMatch(/^calls-\d{4}-\d{2}-\d{2}\.xlsx$/);

    await page.goto(`${backend.url}/today`);
    await page.getByTestId('today-page').waitFor({ timeout: WAIT });
    const tasks = (await exportFrom(page, 'tasks', 'csv')).bytes.toString('utf8');
    expect(tasks).toContain('E17 Alice task');
    expect(tasks).not.toContain('E17 Bob task');
    await page.close();
  }, 120_000);
});
