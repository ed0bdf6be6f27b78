import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { Api, defaultPipeline } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser } from './browser';

// Issue 14, the Reports page on crafted data: deals for Alice and Bob in different stages, one
// won and one lost with a reason. The page shows the API's figures, every figure lists exactly
// its deals, the filters live in the URL, a Seller sees only her own, and a deal moved through
// the API moves the funnel on an open page without a reload.

const WAIT = 15_000;
const PAGE = '[data-testid="reports"]';

interface Crafted {
  stage: (name: string) => string;
  aliceId: string;
  bobId: string;
  ids: Record<string, string>;
}

const ALICE_TITLES = ['R14 Alice new', 'R14 Alice in progress', 'R14 Alice won'];
const BOB_TITLES = ['R14 Bob initial', 'R14 Bob lost on price'];

describe('Reports', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  let crafted: Crafted;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    const login = await new Api(backend.url).login('head@example.com');
    head = login.api;
    const pipeline = await defaultPipeline(head);
    const aliceId = (await new Api(backend.url).login('alice@example.com')).user.id;
    const bobId = (await new Api(backend.url).login('bob@example.com')).user.id;
    const ids: Record<string, string> = {};
    const create = async (title: string, ownerId: string, stage: string, amount: string) => {
      const res = await head.post('/api/deals', { title, ownerId, stageId: pipeline.stageId(stage), amount, currency: 'EUR' });
      if (res.status !== 201 && res.status !== 200) throw new Error(`create ${title}: ${res.status} ${JSON.stringify(res.body)}`);
      ids[title] = res.body.id;
      return res.body.id as string;
    };
    const move = async (id: string, stage: string, lostReason?: string) => {
      const res = await head.post(`/api/deals/${id}/move`, { stageId: pipeline.stageId(stage), ...(lostReason ? { lostReason } : {}) });
      if (res.status >= 300) throw new Error(`move to ${stage}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    await create('R14 Alice new', aliceId, 'New', '100.00');
    await create('R14 Alice in progress', aliceId, 'In progress', '200.00');
    await move(await create('R14 Alice won', aliceId, 'In progress', '300.00'), 'Won');
    await create('R14 Bob initial', bobId, 'Initial contact', '400.00');
    await move(await create('R14 Bob lost on price', bobId, 'New', '500.00'), 'Lost', 'price');
    crafted = { stage: pipeline.stageId, aliceId, bobId, ids };
  }, 90_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  const figure = (page: Page, cell: string, rep = '') => page.locator(`[data-testid="report-figure"][data-cell="${cell}"][data-rep="${rep}"]`).first();

  async function valueOf(page: Page, cell: string): Promise<number> {
    const loc = figure(page, cell);
    await loc.waitFor({ timeout: WAIT });
    return Number(await loc.getAttribute('data-value'));
  }

  async function waitForValue(page: Page, cell: string, value: number): Promise<void> {
    await page.locator(`[data-testid="report-figure"][data-cell="${cell}"][data-rep=""][data-value="${value}"]`).first().waitFor({ timeout: WAIT });
  }

  /** Opens a figure's records and returns the listed titles (and checks the title's count is the list's). */
  async function drill(page: Page, cell: string): Promise<string[]> {
    await figure(page, cell).click();
    const dialog = page.getByTestId('report-records');
    await dialog.waitFor({ timeout: WAIT });
    await dialog.getByTestId('report-records-total').waitFor({ timeout: WAIT });
    const total = Number(await dialog.getByTestId('report-records-total').textContent());
    const titles = total === 0 ? [] : await (async () => {
      await dialog.getByTestId('report-record').nth(Math.min(total, 100) - 1).waitFor({ timeout: WAIT });
      return dialog.getByTestId('report-record').evaluateAll((rows) => rows.map((r) => r.querySelector('.report-record-title')?.textContent?.trim() ?? ''));
    })();
    expect(titles).toHaveLength(total);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    return titles.sort();
  }

  it('should show the funnel as the API counts it, list each figure’s deals, and keep the rep filter in the URL', async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, LAPTOP);
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-funnel').locator('svg.recharts-surface').first().waitFor({ timeout: WAIT });

    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
    const api = (await head.get(`/api/reports/funnel?from=${from}&to=${today}`)).body;
    expect(api.cohort).toBe(5);
    expect(api.won.count).toBe(1);
    expect(api.lost.count).toBe(1);
    expect(await valueOf(page, 'cohort')).toBe(5);
    expect(await valueOf(page, 'won')).toBe(1);
    expect(await valueOf(page, 'lost')).toBe(1);
    for (const s of api.stages) expect(await valueOf(page, `reached:${s.stageId}`)).toBe(s.reached);
    const inProgress = crafted.stage('In progress');
    expect(await valueOf(page, `reached:${inProgress}`)).toBe(2);

    // every figure lists exactly its deals
    expect(await drill(page, `reached:${inProgress}`)).toEqual(['R14 Alice in progress', 'R14 Alice won']);
    expect(await drill(page, 'won')).toEqual(['R14 Alice won']);
    expect(await drill(page, `lost-at:${crafted.stage('New')}:price`)).toEqual(['R14 Bob lost on price']);
    expect(await drill(page, 'cohort')).toEqual([...ALICE_TITLES, ...BOB_TITLES].sort());

    // the section's CSV and the figure's CSV download with the bearer token
    const [sectionCsv] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByTestId('report-funnel-csv').click()]);
    expect(readFileSync((await sectionCsv.path())!, 'utf8')).toContain('In progress');
    await figure(page, `reached:${inProgress}`).click();
    await page.getByTestId('report-records').getByTestId('report-records-total').waitFor({ timeout: WAIT });
    await expectAccessible(page, 'the records of a figure', '[data-testid="report-records"]');
    const [recordsCsv] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), page.getByTestId('report-records-csv').click()]);
    const csv = readFileSync((await recordsCsv.path())!, 'utf8');
    expect(csv).toContain('R14 Alice in progress');
    expect(csv).toContain('R14 Alice won');
    expect(csv).not.toContain('R14 Bob');
    await page.keyboard.press('Escape');

    await expectAccessible(page, 'Reports at 1440×900', PAGE);
    await expectNoSidewaysScroll(page, 'Reports at 1440×900');

    // one rep: the numbers and the URL change; back restores both
    await page.getByTestId('report-rep').selectOption(crafted.bobId);
    await waitForValue(page, 'cohort', 2);
    expect(new URL(page.url()).searchParams.get('rep')).toBe(crafted.bobId);
    expect(await valueOf(page, `reached:${inProgress}`)).toBe(0);
    expect(await drill(page, 'cohort')).toEqual([...BOB_TITLES].sort());
    await page.goBack();
    await waitForValue(page, 'cohort', 5);
    expect(new URL(page.url()).searchParams.get('rep')).toBeNull();
    expect(await page.getByTestId('report-rep').inputValue()).toBe('');
    await page.goForward();
    await waitForValue(page, 'cohort', 2);

    // the link, opened afresh, shows the same view
    const link = page.url();
    await page.goto(`${backend.url}/board`);
    await page.goto(link);
    await waitForValue(page, 'cohort', 2);
    expect(await page.getByTestId('report-rep').inputValue()).toBe(crafted.bobId);
    await page.context().close();
  }, 120_000);

  it('should move the funnel without a reload when a deal moves through the API', async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, LAPTOP);
    await page.goto(`${backend.url}/reports`);
    const inProgress = crafted.stage('In progress');
    await waitForValue(page, `reached:${inProgress}`, 2);
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    const res = await head.post(`/api/deals/${crafted.ids['R14 Bob initial']}/move`, { stageId: inProgress });
    expect(res.status).toBeLessThan(300);
    await waitForValue(page, `reached:${inProgress}`, 3);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // put it back for the other tests
    await head.post(`/api/deals/${crafted.ids['R14 Bob initial']}/move`, { stageId: crafted.stage('Initial contact') });
    await page.context().close();
  }, 60_000);

  it('should show a Seller only her own deals in every figure she opens', async () => {
    const page = await signedInPage(chromium, backend.url, 'alice@example.com', errors, WAIT, LAPTOP);
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-funnel').locator('svg.recharts-surface').first().waitFor({ timeout: WAIT });
    // no rep choice for a Seller
    expect(await page.getByTestId('report-rep').count()).toBe(0);
    expect(await valueOf(page, 'cohort')).toBe(3);
    const seen = new Set<string>();
    const cells = await page
      .locator('[data-testid="report-funnel"] [data-testid="report-figure"][data-rep=""]')
      .evaluateAll((els) => els.filter((e) => Number(e.getAttribute('data-value')) > 0).map((e) => e.getAttribute('data-cell')!));
    expect(cells.length).toBeGreaterThan(2);
    for (const cell of [...new Set(cells)]) for (const t of await drill(page, cell)) seen.add(t);
    for (const t of await drill(page, 'won')) seen.add(t);
    expect([...seen].sort()).toEqual([...ALICE_TITLES].sort());
    for (const t of BOB_TITLES) expect(seen.has(t)).toBe(false);
    // a link naming another rep still shows her own figures (the API would refuse Bob's: 403)
    await page.goto(`${backend.url}/reports?rep=${crafted.bobId}`);
    await waitForValue(page, 'cohort', 3);
    expect(await page.locator('[data-testid="report-funnel"] [role="alert"]').count()).toBe(0);
    const { api: alice } = await new Api(backend.url).login('alice@example.com');
    const today = new Date().toISOString().slice(0, 10);
    expect((await alice.get(`/api/reports/funnel?from=${today}&to=${today}&rep=${crafted.bobId}`)).status).toBe(403);
    await page.context().close();
  }, 120_000);

  it('should be accessible and not scroll sideways on a phone', async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, PHONE);
    await page.goto(`${backend.url}/reports?period=last-7`);
    await page.getByTestId('report-funnel').locator('svg.recharts-surface').first().waitFor({ timeout: WAIT });
    await page.waitForFunction(() => !document.querySelector('.spinner'), undefined, { timeout: WAIT });
    expect(await page.getByTestId('report-period').inputValue()).toBe('last-7');
    await expectAccessible(page, 'Reports at 390×844', PAGE);
    await expectNoSidewaysScroll(page, 'Reports at 390×844');
    // the nav entry is in the phone menu too
    await page.getByTestId('nav-menu').click();
    await page.getByTestId('nav-reports').waitFor({ state: 'visible', timeout: WAIT });
    await page.context().close();
  }, 60_000);

  it('should grow the funnel’s bars from the right when the page is right to left', async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, LAPTOP);
    await page.goto(`${backend.url}/reports`);
    const bars = page.locator('[data-testid="report-funnel"] .recharts-bar-rectangle path');
    await bars.first().waitFor({ timeout: WAIT });
    // the side of the chart each bar starts from: its distance from the chart's left and right edges
    const sides = () =>
      page.locator('[data-testid="report-funnel"] [data-testid="report-chart"]').evaluate((chart) => {
        const box = chart.getBoundingClientRect();
        const rects = Array.from(chart.querySelectorAll('.recharts-bar-rectangle path')).map((p) => p.getBoundingClientRect()).filter((r) => r.width > 0);
        return { fromLeft: Math.min(...rects.map((r) => r.left - box.left)), fromRight: Math.min(...rects.map((r) => box.right - r.right)) };
      });
    const ltr = await sides();
    expect(ltr.fromLeft).toBeLessThan(ltr.fromRight);
    await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'));
    await page.waitForFunction(() => {
      const chart = document.querySelector('[data-testid="report-funnel"] [data-testid="report-chart"]');
      const bar = chart?.querySelector('.recharts-bar-rectangle path');
      if (!chart || !bar) return false;
      const box = chart.getBoundingClientRect();
      const r = bar.getBoundingClientRect();
      return box.right - r.right < r.left - box.left;
    }, undefined, { timeout: WAIT });
    const rtl = await sides();
    expect(rtl.fromRight).toBeLessThan(rtl.fromLeft);
    await page.context().close();
  }, 60_000);

  it('should show a report that failed to load as an error with a retry, and the others still', async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, LAPTOP);
    let failing = true;
    await page.route('**/api/reports/offers?**', (route) =>
      failing ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ statusCode: 500, code: 'INTERNAL', message: 'Reports are down' }) }) : route.continue(),
    );
    await page.goto(`${backend.url}/reports`);
    const offers = page.getByTestId('report-offers');
    await offers.getByRole('alert').filter({ hasText: 'Reports are down' }).waitFor({ timeout: WAIT });
    // the funnel beside it is fine
    await waitForValue(page, 'cohort', 5);
    failing = false;
    await offers.getByTestId('report-offers-retry').click();
    await offers.getByText('No offers in this period.').waitFor({ timeout: WAIT });
    expect(await offers.getByRole('alert').count()).toBe(0);
    await page.context().close();
  }, 60_000);
});
