import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, queryDatabase, type StartedBackend } from '../support/backend';
import { csvText, parseCsv, uploadImport, waitForImport } from '../support/imports';
import { launchBrowser, signedInPage, type TestBrowser } from './browser';

// Issue 17 part 1 in the browser: a 1,000-row CSV with duplicates, bad rows and Hungarian accents
// is mapped, previewed and imported with a progress bar that moves; the rejected-rows file lists
// exactly the bad rows; a backend killed mid-import finishes the import after a restart with no
// row twice; the same rows as XLSX import identically. The rules row by row are
// backend/test/imports.int-spec.ts's.

const WAIT = 20_000;
const ROWS = 1000;
const HEADERS = ['Név', 'Telefon', 'E-mail', 'Cég', 'Ügylet', 'Szakasz', 'Összeg'];
const FIRST = ['Ödön', 'Őze', 'Űrös', 'Ágota', 'Éva', 'Zoltán', 'Gréta', 'Béla'];
const LAST = ['Kovács', 'Szűcs', 'Török', 'Fehér', 'Győri', 'Bíró', 'Pálffy', 'Lőrincz'];

interface Sheet {
  rows: string[][];
  /** Row numbers (header = 1) that must be rejected. */
  bad: number[];
  /** Rows skipped as duplicates (of an earlier row, or of a contact already in Callboard). */
  duplicates: number;
  creates: number;
}

/**
 * The test file: every 50th row repeats the phone of the row before it (duplicate in the file), every
 * 97th has a bad phone, every 113th an unknown stage, every 131st no name; `existingPhone` is a
 * contact already in Callboard (row 10 repeats it).
 */
function sheet(marker: string, phoneBase: number, existingPhone: string): Sheet {
  const rows: string[][] = [HEADERS];
  const bad: number[] = [];
  let duplicates = 0;
  for (let i = 0; i < ROWS; i++) {
    const rowNumber = i + 2;
    const name = `${LAST[i % LAST.length]} ${FIRST[(i * 3) % FIRST.length]} ${i}`;
    let phone = `+36 30 ${String(phoneBase + i).padStart(7, '0').replace(/^(\d{3})(\d{4})$/, '$1 $2')}`;
    let stage = i % 3 === 0 ? 'Új' : '';
    let who = name;
    if (i === 8) {
      phone = existingPhone;
      duplicates++;
    } else if (i > 0 && i % 50 === 0) {
      phone = `+36 30 ${String(phoneBase + i - 1).padStart(7, '0').replace(/^(\d{3})(\d{4})$/, '$1 $2')}`;
      duplicates++;
    } else if (i % 97 === 96) {
      phone = 'hívj fel';
      bad.push(rowNumber);
    } else if (i % 113 === 112) {
      stage = 'Sehol';
      bad.push(rowNumber);
    } else if (i % 131 === 130) {
      who = '';
      bad.push(rowNumber);
    }
    const deal = stage || i % 5 === 0 ? `Ajánlat ${i}` : '';
    rows.push([who, phone, i % 4 === 0 ? `ugyfel${phoneBase + i}@example.hu` : '', marker, deal, stage, deal ? `${(i % 9) + 1} 000,50` : '']);
  }
  return { rows, bad, duplicates, creates: ROWS - bad.length - duplicates };
}

describe('Import in the browser', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  const errors: string[] = [];

  const count = async (marker: string) =>
    (await queryDatabase(backend.databaseUrl, `SELECT count(*)::int AS n, count(DISTINCT p.e164)::int AS phones, count(DISTINCT c.name)::int AS names FROM contacts c LEFT JOIN contact_phones p ON p.contact_id = c.id WHERE c.company = $1`, [marker]))[0];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([
      // small batches with a pause between them: the progress bar has steps to show, and there is time to kill the backend mid-import
      startBackend({ seed: 'users', env: { IMPORT_BATCH_ROWS: '50', IMPORT_BATCH_PAUSE_MS: '80', IMPORT_LEASE_MS: '1500', IMPORT_POLL_MS: '200' } }),
      launchBrowser(),
    ]);
    head = (await new Api(backend.url).login('head@example.com')).api;
    // the pipeline's stages in Hungarian, as a Hungarian team's spreadsheet names them
    const pipelines = (await head.get('/api/pipelines')).body;
    const newStage = pipelines[0].stages.find((s: any) => s.name === 'New');
    expect((await head.patch(`/api/stages/${newStage.id}`, { name: 'Új' })).status).toBe(200);
    expect((await head.post('/api/contacts', { name: 'Már Megvan', phones: [{ number: '+36 20 999 0001' }] })).status).toBe(201);
  }, 90_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  /** Opens Import on the Contacts page and uploads the file; the mapping step shows. */
  async function openAndUpload(page: Page, name: string, content: string) {
    await page.goto(`${backend.url}/contacts`);
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    await page.getByTestId('import-upload').click();
    await page.getByTestId('import-mapping').waitFor({ timeout: WAIT });
  }

  /** Every value the progress bar shows from now on, with the status beside it, collected in the page. */
  async function watchProgress(page: Page) {
    await page.evaluate(() => {
      const seen: { done: number; status: string }[] = [];
      (window as any).__importProgress = seen;
      const look = () => {
        const bar = document.querySelector('[data-testid="import-progress"]');
        const state = document.querySelector('[data-testid="import-run-state"]');
        if (!bar || !state) return;
        const entry = { done: Number(bar.getAttribute('data-done')), status: state.getAttribute('data-status') ?? '' };
        const last = seen[seen.length - 1];
        if (!last || last.done !== entry.done || last.status !== entry.status) seen.push(entry);
      };
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-done', 'data-status'] });
    });
    return () => page.evaluate(() => (window as any).__importProgress as { done: number; status: string }[]);
  }

  it('should map, preview and import 1,000 rows with a moving progress bar, and offer exactly the bad rows', async () => {
    const marker = `e2e-${randomBytes(4).toString('hex')}`;
    const file = sheet(marker, 1_000_000, '06 20 999 0001');
    const page = await signedInPage(chromium, backend.url, 'alice@example.com', errors);
    await openAndUpload(page, 'ügyfelek.csv', csvText(file.rows));

    // the mapping guessed from the Hungarian column names, preselected
    const chosen = await Promise.all(HEADERS.map((_, i) => page.getByTestId(`import-col-${i}`).inputValue()));
    expect(chosen).toEqual(['name', 'phone', 'email', 'company', 'dealTitle', 'stage', 'amount']);
    await page.getByTestId('import-to-preview').click();
    await page.getByTestId('import-preview').waitFor({ timeout: WAIT });
    const outcomes = await page.getByTestId('import-preview-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome')));
    expect(outcomes).toHaveLength(20);
    // row 10 (the 9th data row) has the number of a contact already in Callboard
    expect(outcomes[8]).toBe('skip');
    expect(outcomes.filter((o) => o === 'create')).toHaveLength(19);
    expect(await page.getByTestId('import-preview').textContent()).toContain('Szűcs Ágota 1');

    const progress = await watchProgress(page);
    await page.getByTestId('import-run').click();
    await page.locator('[data-testid="import-run-state"][data-status="done"]').waitFor({ timeout: 60_000 });
    const seen = await progress();
    const before = new Set(seen.filter((s) => s.status !== 'done' && s.done > 0 && s.done < ROWS).map((s) => s.done));
    expect(before.size).toBeGreaterThanOrEqual(2);
    expect(seen[seen.length - 1]).toEqual({ done: ROWS, status: 'done' });
    expect(await page.getByTestId('import-counts').textContent()).toContain(`rejected ${file.bad.length}`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-rejects').click()]);
    const lines = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(lines[0]).toEqual(['Row', 'Reason', ...HEADERS]);
    expect(lines.slice(1).map((l) => Number(l[0]))).toEqual(file.bad);
    expect(lines.slice(1).every((l) => l[1]!.length > 0)).toBe(true);

    expect(await count(marker)).toEqual({ n: file.creates, phones: file.creates, names: file.creates });
    const accents = await queryDatabase(backend.databaseUrl, `SELECT name FROM contacts WHERE company = $1 AND name = 'Szűcs Ágota 1'`, [marker]);
    expect(accents).toHaveLength(1);
  }, 120_000);

  it('should finish an import after the backend is killed mid-way and started again, with no row twice', async () => {
    const marker = `crash-${randomBytes(4).toString('hex')}`;
    const file = sheet(marker, 2_000_000, '06 20 999 0001');
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors);
    await openAndUpload(page, 'crash.csv', csvText(file.rows));
    await page.getByTestId('import-to-preview').click();
    await page.getByTestId('import-preview').waitFor({ timeout: WAIT });
    await page.getByTestId('import-run').click();
    // some batches committed, not all
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="import-progress"]')?.getAttribute('data-done')) >= 100, null, { timeout: WAIT });
    await backend.kill();
    const [job] = await queryDatabase(backend.databaseUrl, `SELECT id, cursor, status FROM import_jobs ORDER BY created_at DESC LIMIT 1`);
    expect(job.status).toBe('running');
    expect(job.cursor - 1).toBeLessThan(ROWS);
    await backend.restart();
    // the page's socket comes back and the bar reaches the end
    await page.locator('[data-testid="import-run-state"][data-status="done"]').waitFor({ timeout: 60_000 });
    const done = (await head.get(`/api/imports/${job.id}`)).body;
    expect(done).toMatchObject({ status: 'done', rowsDone: ROWS, created: file.creates, skipped: file.duplicates, rejected: file.bad.length });
    expect(await count(marker)).toEqual({ n: file.creates, phones: file.creates, names: file.creates });
    const rejects = await queryDatabase(backend.databaseUrl, `SELECT row_number FROM import_rejects WHERE job_id = $1 ORDER BY row_number`, [job.id]);
    expect(rejects.map((r) => r.row_number)).toEqual(file.bad);
  }, 180_000);

  it('should import the same rows from an XLSX workbook as from the CSV', async () => {
    const marker = `xlsx-${randomBytes(4).toString('hex')}`;
    const file = sheet(marker, 3_000_000, '06 20 999 0001');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Ügyfelek');
    for (const row of file.rows) ws.addRow(row);
    const up = await uploadImport(head, 'ügyfelek.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ format: 'xlsx', headers: HEADERS, totalRows: ROWS });
    expect((await head.post(`/api/imports/${up.body.id}/run`, up.body.mapping)).status).toBe(200);
    const job = await waitForImport(head, up.body.id, 60_000);
    expect(job).toMatchObject({ status: 'done', created: file.creates, skipped: file.duplicates, rejected: file.bad.length });
    expect(await count(marker)).toEqual({ n: file.creates, phones: file.creates, names: file.creates });
    const rejects = await queryDatabase(backend.databaseUrl, `SELECT row_number FROM import_rejects WHERE job_id = $1 ORDER BY row_number`, [up.body.id]);
    expect(rejects.map((r) => r.row_number)).toEqual(file.bad);
  }, 120_000);
});
