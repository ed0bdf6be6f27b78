import type { Page } from 'playwright-core';
import type { Deal } from '@callboard/contracts';
import { Api, defaultPipeline } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser, type Viewport } from './browser';

// Issue 13, tags on deals: added and removed on the deal page (suggestions from the tags in use,
// never another Seller's), shown on cards and list rows, live on another browser's board, and the
// board filtered by a tag kept in the URL; accessible with no sideways scroll on a laptop and a phone.

const WAIT = 10_000;
const MAIN = '#main';

describe('Board tags', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  const deals: Record<'cranes' | 'cellar' | 'ferries', Deal> = {} as never;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    const head = (await new Api(backend.url).login('head@example.com')).api;
    const alice = (await new Api(backend.url).login('alice@example.com')).api;
    const bob = (await new Api(backend.url).login('bob@example.com')).api;
    const pipeline = await defaultPipeline(head);
    const make = async (api: Api, title: string, tags: string[]) => {
      const res = await api.post<Deal>('/api/deals', { title, tags, pipelineId: pipeline.id, stageId: pipeline.stageId('New') });
      if (res.status !== 201) throw new Error(`create ${title}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    deals.cranes = await make(alice, 'Harbour cranes', ['Old']);
    deals.cellar = await make(alice, 'Tokaj cellar', ['Renewal']);
    deals.ferries = await make(alice, 'Danube ferries', []);
    await make(bob, 'Bob private deal', ['Bob secret tag']);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  const open = async (email: string, viewport: Viewport, path = '/board') => {
    const page = await signedInPage(chromium, backend.url, email, errors, WAIT, viewport);
    if (path !== '/board') await page.goto(`${backend.url}${path}`);
    return page;
  };
  const card = (page: Page, id: string) => page.getByTestId(`deal-card-${id}`);
  const shownCards = (page: Page) =>
    page.locator('[data-testid="board"] [data-deal-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-deal-title')).sort());
  const chipsOf = (page: Page, scope: string) => page.locator(`${scope} [data-testid="tag-chip"]`).allInnerTexts();

  it('should add a tag with Enter and remove one with its labelled button on the deal page, live on another board', async () => {
    const headBoard = await open('head@example.com', LAPTOP);
    const page = await open('alice@example.com', LAPTOP, `/deals/${deals.cranes.id}`);
    try {
      await card(headBoard, deals.cranes.id).waitFor({ timeout: WAIT });
      const input = page.getByTestId('tag-input');
      await input.waitFor({ timeout: WAIT });
      // suggestions: the tags on deals Alice may see, never Bob's
      await page.locator('[data-testid="tag-suggestions"] option[value="Renewal"]').waitFor({ state: 'attached', timeout: WAIT });
      const suggested = await page.locator('[data-testid="tag-suggestions"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(suggested).not.toContain('Bob secret tag');

      await input.fill('  Harbour VIP ');
      await input.press('Enter');
      await page.locator('[data-testid="tag-editor"] [data-testid="tag-chip"]', { hasText: 'Harbour VIP' }).waitFor({ timeout: WAIT });
      expect(await input.inputValue()).toBe('');
      // the same tag in another case is refused with words, before the server is asked
      await input.fill('harbour vip');
      await input.press('Enter');
      expect(await page.getByRole('alert').filter({ hasText: 'already has the tag' }).count()).toBe(1);
      await input.fill('');

      await page.getByRole('button', { name: 'Remove the tag Old' }).click();
      await page.getByRole('button', { name: 'Remove the tag Old' }).waitFor({ state: 'detached', timeout: WAIT });
      // each chip is its text and its remove button (named for the tag, so a screen reader knows which)
      expect(await page.locator('[data-testid="tag-editor"] [data-testid="tag-chip"] > :first-child').allInnerTexts()).toEqual(['Harbour VIP']);
      await page.getByTestId('timeline-item').filter({ hasText: 'removed the tag “Old”' }).waitFor({ timeout: WAIT });

      // the Head's board shows the change without a reload
      await card(headBoard, deals.cranes.id).locator('[data-testid="tag-chip"]', { hasText: 'Harbour VIP' }).waitFor({ timeout: WAIT });
      expect(await chipsOf(headBoard, `[data-testid="deal-card-${deals.cranes.id}"]`)).toEqual(['Harbour VIP']);

      await expectAccessible(page, 'deal page with tags (laptop)', MAIN);
      await expectNoSidewaysScroll(page, 'deal page with tags (laptop)');
    } finally {
      await page.close();
      await headBoard.close();
    }
  });

  it('should filter the board by a tag from the filter bar, keep it in the URL through a reload, and show it in the list', async () => {
    const page = await open('alice@example.com', LAPTOP);
    try {
      await card(page, deals.ferries.id).waitFor({ timeout: WAIT });
      const filter = page.getByTestId('filter-tag');
      await filter.fill('harbour vip');
      await filter.press('Enter');
      await page.waitForURL(/[?&]tag=harbour(\+|%20)vip/, { timeout: WAIT });
      await card(page, deals.ferries.id).waitFor({ state: 'detached', timeout: WAIT });
      await card(page, deals.cranes.id).waitFor({ timeout: WAIT });
      expect(await shownCards(page)).toEqual(['Harbour cranes']);
      expect(await chipsOf(page, `[data-testid="deal-card-${deals.cranes.id}"]`)).toEqual(['Harbour VIP']);

      await page.reload();
      await card(page, deals.cranes.id).waitFor({ timeout: WAIT });
      expect(new URL(page.url()).searchParams.get('tag')).toBe('harbour vip');
      expect(await page.getByTestId('filter-tag').inputValue()).toBe('harbour vip');
      expect(await shownCards(page)).toEqual(['Harbour cranes']);
      await expectAccessible(page, 'board filtered by tag (laptop)', MAIN);
      await expectNoSidewaysScroll(page, 'board filtered by tag (laptop)');

      await page.getByTestId('view-list').click();
      await page.getByTestId('deals-list').waitFor({ timeout: WAIT });
      expect(await chipsOf(page, `[data-testid="deal-row-${deals.cranes.id}"]`)).toEqual(['Harbour VIP']);
      expect(await page.locator('[data-testid^="deal-row-"]').count()).toBe(1);
      await expectAccessible(page, 'deal list filtered by tag (laptop)', MAIN);
      await expectNoSidewaysScroll(page, 'deal list filtered by tag (laptop)');

      // clearing the filters brings every deal back
      await page.getByTestId('filter-clear').click();
      await page.waitForURL((u) => !u.searchParams.has('tag'), { timeout: WAIT });
      await page.getByTestId(`deal-row-${deals.ferries.id}`).waitFor({ timeout: WAIT });
    } finally {
      await page.close();
    }
  });

  it('should pass axe with no sideways scroll on a phone: the deal page with its tags and the tag-filtered board', async () => {
    const page = await open('alice@example.com', PHONE, `/deals/${deals.cellar.id}`);
    try {
      await page.getByTestId('tag-input').waitFor({ timeout: WAIT });
      await page.getByTestId('tag-input').fill('A rather long tag of 32 letters');
      await page.getByTestId('tag-input').press('Enter');
      await page.getByRole('button', { name: 'Remove the tag A rather long tag of 32 letters' }).waitFor({ timeout: WAIT });
      await expectAccessible(page, 'deal page with tags (phone)', MAIN);
      await expectNoSidewaysScroll(page, 'deal page with tags (phone)');

      await page.goto(`${backend.url}/board?tag=renewal`);
      await card(page, deals.cellar.id).waitFor({ timeout: WAIT });
      expect(await shownCards(page)).toEqual(['Tokaj cellar']);
      expect(await page.getByTestId('filter-tag').inputValue()).toBe('renewal');
      await expectAccessible(page, 'board filtered by tag (phone)', MAIN);
      await expectNoSidewaysScroll(page, 'board filtered by tag (phone)');
    } finally {
      await page.close();
    }
  });
});
