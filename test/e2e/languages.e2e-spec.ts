import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api, defaultPipeline } from '../support/api';
import { ROOT, startBackend, type StartedBackend } from '../support/backend';
import { dragCard, eventually, LAPTOP, launchBrowser, type TestBrowser } from './browser';
import { untranslatedText, usePseudoLocale } from './i18n';
import { demoIds, SCREENS, settled, type DemoIds } from './screens';

// Issue 15, "done when": every page and dialog in the pseudo-locale, where every catalogue message
// and every formatted value is bracketed ⟦…⟧. Any visible text outside the brackets (user data
// excepted, marked data-user-content) did not come from the catalogue, and fails the test.

const WAIT = 15_000;
// With UPDATE_SCREENSHOTS=1 the board and a deal page in each language go to docs/screenshots/languages/.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots', 'languages') : null;

/** Dialogs and panels opened from a screen: where, what opens it, what shows when it is open. */
const DIALOGS: Array<{ name: string; path: (ids: DemoIds) => string; open: string; shows: string; headOnly?: boolean }> = [
  { name: 'new deal', path: () => '/board', open: 'new-deal-button', shows: '[role="dialog"]' },
  { name: 'new contact', path: () => '/contacts', open: 'new-contact-button', shows: '[role="dialog"]' },
  { name: 'import', path: () => '/contacts', open: 'import-button', shows: '[data-testid="import-file"]' },
  { name: 'close as lost', path: (ids) => `/deals/${ids.dealId}`, open: 'close-lost', shows: '[data-testid="close-lost-form"]' },
  { name: 'new offer', path: (ids) => `/deals/${ids.dealId}`, open: 'offer-new', shows: '[data-testid="offer-add-line"]' },
  { name: 'add a desk phone', path: () => '/phones', open: 'add-device-button', shows: '[data-testid="add-device-form"]' },
  { name: 'new user', path: () => '/admin?tab=users', open: 'new-user-button', shows: '[data-testid="create-user-form"]', headOnly: true },
  { name: 'new rule', path: () => '/admin?tab=rules', open: 'rule-new', shows: '[data-testid="rule-add-action"]', headOnly: true },
  { name: 'new API key', path: () => '/admin?tab=apiKeys', open: 'api-key-new', shows: '[data-testid="api-key-dialog"]', headOnly: true },
];

async function expectAllTranslated(page: Page, where: string, failures: string[]): Promise<void> {
  const found = await untranslatedText(page);
  for (const f of found) failures.push(`${where}: ${f}`);
}

describe('Every page and dialog in the pseudo-locale', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let ids: DemoIds;

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'demo' }), launchBrowser()]);
    ids = await demoIds(backend.url);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  async function pseudoPage(email: string | null, errors: string[]): Promise<Page> {
    const page = await chromium.newPage(LAPTOP);
    page.on('pageerror', (e) => errors.push(e.message));
    await usePseudoLocale(page);
    await page.goto(`${backend.url}/login`);
    await page.getByTestId('login-email').waitFor({ timeout: WAIT });
    if (email) {
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill('callboard');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('board').waitFor({ timeout: WAIT });
    }
    return page;
  }

  it('should find text outside the catalogue when there is some (the check can fail)', async () => {
    const page = await pseudoPage(null, []);
    await page.evaluate(() => {
      const probe = document.createElement('section');
      probe.innerHTML =
        '<p>Forgotten English</p><p>⟦Ţŕáñšļáţéð ⟦3 ðáýš⟧ ⟧</p><p>⟦Óŵñéð ƀý <bdi data-user-content>Alice</bdi>⟧</p>' +
        '<p translate="no">Probe brand</p><button aria-label="Bare label">⟦Ok⟧</button><p hidden>Hidden English</p>';
      document.body.append(probe);
    });
    const found = (await untranslatedText(page)).filter((f) => /Forgotten|Ţŕáñš|Alice|Probe brand|Bare label|Hidden/.test(f));
    expect(found).toEqual([expect.stringContaining('Bare label'), expect.stringContaining('Forgotten English')].sort());
    await page.context().close();
  }, 60_000);

  it('should show the sign-in page only in catalogue text', async () => {
    const errors: string[] = [];
    const page = await pseudoPage(null, errors);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-XA');
    const failures: string[] = [];
    await expectAllTranslated(page, 'sign-in', failures);
    await page.context().close();
    expect({ failures, errors }).toEqual({ failures: [], errors: [] });
  }, 60_000);

  for (const [who, email] of [
    ['Head', 'head@example.com'],
    ['Seller', 'alice@example.com'],
  ] as const) {
    it(`should show every screen and dialog only in catalogue text, as a ${who}`, async () => {
      const errors: string[] = [];
      const page = await pseudoPage(email, errors);
      const failures: string[] = [];
      for (const screen of SCREENS.filter((s) => who === 'Head' || !s.headOnly)) {
        await page.goto(`${backend.url}${screen.path(ids)}`);
        await settled(page);
        await expectAllTranslated(page, screen.name, failures);
      }
      for (const dialog of DIALOGS.filter((d) => who === 'Head' || !d.headOnly)) {
        await page.goto(`${backend.url}${dialog.path(ids)}`);
        await settled(page);
        await page.getByTestId(dialog.open).first().click();
        await page.locator(dialog.shows).first().waitFor({ timeout: WAIT });
        await expectAllTranslated(page, `${dialog.name} dialog`, failures);
      }
      await page.context().close();
      expect({ failures, errors }).toEqual({ failures: [], errors: [] });
    }, 300_000);
  }

});

describe('Hebrew, Hungarian and each language on a real board', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  let alice: Api;
  let stageId: (name: string) => string;
  let stageOrder: string[];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    head = (await new Api(backend.url).login('head@example.com')).api;
    alice = (await new Api(backend.url).login('alice@example.com')).api;
    const pipeline = await defaultPipeline(head);
    stageId = pipeline.stageId;
    const pipelines = (await head.get<Array<{ id: string; stages: Array<{ id: string; position: number }> }>>('/api/pipelines')).body;
    stageOrder = pipelines.find((p) => p.id === pipeline.id)!.stages.slice().sort((a, b) => a.position - b.position).map((s) => s.id);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  /** Alice's board in `language` (her own choice, saved through the API), the browser in that language too. */
  async function boardIn(language: string): Promise<Page> {
    expect((await alice.request('PUT', '/api/auth/language', { language })).status).toBe(200);
    const context = await chromium.browser.newContext({ viewport: LAPTOP, locale: language });
    const page = await context.newPage();
    await page.goto(`${backend.url}/login`);
    await page.getByTestId('login-email').fill('alice@example.com');
    await page.getByTestId('login-password').fill('callboard');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('board').waitFor({ timeout: WAIT });
    await page.waitForFunction((l) => document.documentElement.lang === l, language, { timeout: WAIT });
    return page;
  }

  const dealStage = async (id: string) => (await alice.get<{ stageId: string }>(`/api/deals/${id}`)).body.stageId;
  const box = async (page: Page, testId: string) => {
    const b = await page.getByTestId(testId).boundingBox();
    if (!b) throw new Error(`${testId} is not on screen`);
    return b;
  };

  it('should mirror the board in Hebrew, and move a card to the next stage with the mouse and with the keyboard', async () => {
    const deal = (await alice.post<{ id: string }>('/api/deals', { title: 'עסקת בדיקה Harbour', stageId: stageId('New') })).body;
    const page = await boardIn('he');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

    // the first stage is at the right edge, each next one to its left (measured from the columns' boxes)
    const [first, second, third] = stageOrder;
    const b1 = await box(page, `column-${first}`);
    const b2 = await box(page, `column-${second}`);
    const board = await box(page, 'board');
    expect(b1.x).toBeGreaterThan(b2.x);
    expect(board.x + board.width - (b1.x + b1.width)).toBeLessThan(b1.width);

    // the mouse: New → the stage after it, which lies to its left
    const newIndex = stageOrder.indexOf(stageId('New'));
    const next = stageOrder[newIndex + 1]!;
    const afterNext = stageOrder[newIndex + 2]!;
    expect((await box(page, `column-${next}`)).x).toBeLessThan((await box(page, `column-${stageId('New')}`)).x);
    await dragCard(page, deal.id, next);
    await eventually(() => dealStage(deal.id), (s) => s === next, 'the mouse move to reach the server');

    // the keyboard: ArrowLeft is the next stage in Hebrew (what the user sees)
    const card = page.getByTestId(`column-${next}`).getByTestId(`deal-card-${deal.id}`);
    const dragging = page.locator(`[data-testid="deal-card-${deal.id}"].is-dragging`);
    await card.focus();
    await page.keyboard.press('Space');
    try {
      await dragging.waitFor({ timeout: WAIT });
      await page.keyboard.press('ArrowLeft');
      await page.getByTestId(`column-${afterNext}`).getByTestId(`deal-card-${deal.id}`).waitFor({ timeout: WAIT });
      await page.keyboard.press('Space');
      await dragging.waitFor({ state: 'detached', timeout: WAIT });
    } finally {
      if ((await dragging.count()) > 0) await page.keyboard.press('Escape');
    }
    await eventually(() => dealStage(deal.id), (s) => s === afterNext, 'the keyboard move to reach the server');
    expect(third).toBeDefined();
    await page.context().close();
  }, 120_000);

  it('should write amounts in forints with Hungarian grouping and dates in Hungarian', async () => {
    expect((await head.request('PUT', '/api/team-settings', { currency: 'HUF' })).status).toBe(200);
    try {
      const deal = (await alice.post<{ id: string; currency: string }>('/api/deals', { title: 'Tisza Bau', stageId: stageId('New'), amount: '1234567.00' })).body;
      expect(deal.currency).toBe('HUF'); // a new deal is in the team's currency
      const page = await boardIn('hu');
      const amount = page.getByTestId(`deal-card-${deal.id}`).locator('.card-amount');
      await amount.waitFor({ timeout: WAIT });
      // Hungarian groups thousands with a (no-break) space and writes the forint after the number
      expect(await amount.textContent()).toMatch(/^1\s234\s567(,00)?\sFt$/u);
      await page.goto(`${backend.url}/deals/${deal.id}`);
      const created = page.locator('.deal-created');
      await created.waitFor({ timeout: WAIT });
      // "2026. dec. 7. 14:05" in the title, Hungarian words on the page
      expect(await created.getAttribute('title')).toMatch(/^\d{4}\. [a-zá-ű]+\.? \d{1,2}\.,? \d{1,2}:\d{2}$/u);
      expect(await page.getByTestId('deal-page').textContent()).not.toMatch(/\bCreated\b/);
      await page.context().close();
    } finally {
      await head.request('PUT', '/api/team-settings', { currency: 'EUR' });
    }
  }, 120_000);

  for (const language of ['en', 'hu', 'id', 'ro', 'he']) {
    it(`should show the board and a deal page in ${language} with no untranslated words${SHOTS ? ' (screenshots)' : ''}`, async () => {
      const deal = (await alice.post<{ id: string }>('/api/deals', { title: `Harbour cranes (${language})`, stageId: stageId('New'), amount: '2500.00' })).body;
      const page = await boardIn(language);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `${language}-board.png`) });
      await page.goto(`${backend.url}/deals/${deal.id}`);
      await page.getByTestId('deal-page').waitFor({ timeout: WAIT });
      await page.waitForLoadState('networkidle');
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `${language}-deal.png`) });
      if (language !== 'en') expect(await page.getByTestId('deal-page').textContent()).not.toMatch(/\b(Created|Delete deal|Close as lost)\b/);
      await page.context().close();
      expect(errors).toEqual([]);
    }, 120_000);
  }
});

describe('A new install in Romanian', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users', env: { TEAM_LANGUAGE: 'ro' } }), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  it('should show Romanian stage names, and the lost reasons (stored as keys) with Romanian labels', async () => {
    const alice = (await new Api(backend.url).login('alice@example.com')).api;
    const pipelines = (await alice.get<Array<{ stages: Array<{ name: string; systemKey: string | null }> }>>('/api/pipelines')).body;
    const names = pipelines[0]!.stages.map((s) => s.name);
    expect(names).not.toContain('Unsorted');
    expect(names.join(' ')).toMatch(/[ăâîșț]/); // Romanian, with its diacritics
    const reasons = (await alice.get<{ reasons: string[] }>('/api/settings/lost-reasons')).body.reasons;
    expect(reasons).toContain('price'); // the keys rules use stay as they are

    const deal = (await alice.post<{ id: string }>('/api/deals', { title: 'Ofertă Brașov' })).body;
    const page = await chromium.newPage(LAPTOP); // Alice has no language of her own: the team's
    await page.goto(`${backend.url}/login`);
    await page.getByTestId('login-email').fill('alice@example.com');
    await page.getByTestId('login-password').fill('callboard');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('board').waitFor({ timeout: WAIT });
    await page.waitForFunction(() => document.documentElement.lang === 'ro', undefined, { timeout: WAIT });
    await page.goto(`${backend.url}/deals/${deal.id}`);
    await page.getByTestId('close-lost').click();
    const select = page.getByTestId('close-lost-reason');
    await select.waitFor({ timeout: WAIT });
    const labels = await select.locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']));
    const label = (key: string) => labels.find(([v]) => v === key)?.[1];
    expect(label('price')).toBe('Preț');
    expect(labels.filter(([v]) => v).every(([v, text]) => text !== v)).toBe(true); // no raw key shown
    await page.context().close();
  }, 120_000);
});
