import type { Page } from 'playwright-core';
import type { Deal } from '@callboard/contracts';
import { Api, defaultPipeline } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { dragCard, eventually, launchBrowser, type TestBrowser } from './browser';

// The live Kanban in a real browser: three people on three boards, one Chromium.

const WAIT = 10_000;

describe('Board in the browser', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  let alice: Api;
  let aliceId: string;
  let bobId: string;
  let aliceName: string;
  let stage: Record<'Unsorted' | 'New' | 'No answer' | 'Initial contact' | 'In progress', string>;
  let pipelineId: string;
  let alicePage: Page;
  let headPage: Page;
  let bobPage: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  async function logIn(email: string): Promise<Page> {
    const page = await chromium.newPage();
    page.on('dialog', (d) => {
      dialogs.push(`${email}: ${d.type()} ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(`${email}: ${e.message}`));
    await page.goto(`${backend.url}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill('callboard');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('board').waitFor({ timeout: WAIT });
    await liveOn(page);
    // Set once; still there later only if the page was never reloaded.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    return page;
  }

  /** Waits until the page's socket is connected, so it can receive events from now on. */
  const liveOn = (page: Page) => page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: WAIT });

  const card = (page: Page, dealId: string) => page.getByTestId(`deal-card-${dealId}`);
  const cardIn = (page: Page, stageId: string, dealId: string) => page.getByTestId(`column-${stageId}`).getByTestId(`deal-card-${dealId}`);
  const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

  async function serverStage(dealId: string): Promise<string> {
    const res = await head.get<Deal>(`/api/deals/${dealId}`);
    return res.body.stageId;
  }

  async function createAs(api: Api, title: string, stageId = stage.New, extra: Record<string, unknown> = {}): Promise<Deal> {
    const res = await api.post<Deal>('/api/deals', { title, amount: '100.00', currency: 'EUR', pipelineId, stageId, ...extra });
    if (res.status !== 201) throw new Error(`create ${title}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  const mouseDrag = (page: Page, dealId: string, toStageId: string) => dragCard(page, dealId, toStageId, WAIT);

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    const anon = new Api(backend.url);
    const [h, a, b] = await Promise.all([anon.login('head@example.com'), anon.login('alice@example.com'), anon.login('bob@example.com')]);
    head = h.api;
    alice = a.api;
    aliceId = a.user.id;
    bobId = b.user.id;
    aliceName = a.user.name;
    const pipeline = await defaultPipeline(head);
    pipelineId = pipeline.id;
    const byName = pipeline.stageId;
    stage = {
      Unsorted: byName('Unsorted'),
      New: byName('New'),
      'No answer': byName('No answer'),
      'Initial contact': byName('Initial contact'),
      'In progress': byName('In progress'),
    };
    // Sequential: three simultaneous first loads on two shared cores only make each one slower.
    alicePage = await logIn('alice@example.com');
    headPage = await logIn('head@example.com');
    bobPage = await logIn('bob@example.com');
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('should show a deal Alice creates and drags live on the Head board and never on Bob board', async () => {
    const title = `Harbour crane service ${Date.now()}`;
    // Record every card that is ever drawn on Bob's board, not just what is left at the end.
    await bobPage.evaluate(() => {
      const seen: string[] = ((window as unknown as { __cardsSeen: string[] }).__cardsSeen = []);
      new MutationObserver(() => {
        for (const el of Array.from(document.querySelectorAll('[data-deal-id]'))) seen.push(el.getAttribute('data-deal-title') ?? '');
      }).observe(document.body, { childList: true, subtree: true });
    });
    await alicePage.getByTestId('new-deal-button').click();
    const dialog = alicePage.getByTestId('new-deal-dialog');
    await dialog.getByTestId('deal-form-title').fill(title);
    await dialog.getByTestId('deal-form-amount').fill('1250.50');
    await dialog.getByTestId('deal-form-submit').click();
    await dialog.waitFor({ state: 'hidden', timeout: WAIT });

    const created = alicePage.getByTestId('column-' + stage.New).locator(`[data-deal-title="${title}"]`);
    await created.waitFor({ timeout: WAIT });
    const dealId = (await created.getAttribute('data-deal-id'))!;
    expect(dealId).toMatch(/^[0-9a-f-]{36}$/);
    const saved = (await head.get<Deal>(`/api/deals/${dealId}`)).body;
    expect(saved).toMatchObject({ title, amount: '1250.50', ownerId: aliceId, stageId: stage.New });

    await cardIn(headPage, stage.New, dealId).waitFor({ timeout: WAIT });

    await mouseDrag(alicePage, dealId, stage['In progress']);
    await cardIn(alicePage, stage['In progress'], dealId).waitFor({ timeout: WAIT });
    await eventually(() => serverStage(dealId), (s) => s === stage['In progress'], 'the move to reach the server');

    await cardIn(headPage, stage['In progress'], dealId).waitFor({ timeout: WAIT });
    expect(await cardIn(headPage, stage.New, dealId).count()).toBe(0);
    expect(await notReloaded(headPage)).toBe(true);

    // Barrier: an unowned inbox deal the Head creates afterwards reaches Bob over the same socket,
    // so anything about Alice's deal would have arrived before it.
    const inbox = await createAs(head, `Inbox barrier ${Date.now()}`, stage.Unsorted, { ownerId: null });
    await cardIn(bobPage, stage.Unsorted, inbox.id).waitFor({ timeout: WAIT });
    expect(await notReloaded(bobPage)).toBe(true);
    expect(await card(bobPage, dealId).count()).toBe(0);
    expect(await bobPage.getByText(title).count()).toBe(0);
    const seenByBob = await bobPage.evaluate(() => (window as unknown as { __cardsSeen: string[] }).__cardsSeen);
    expect(seenByBob).toContain(inbox.title);
    expect(seenByBob).not.toContain(title);
  });

  it('should move a card one column right when picked up with Space, moved with an arrow and dropped with Space', async () => {
    const deal = await createAs(alice, `Keyboard move ${Date.now()}`);
    const moving = cardIn(alicePage, stage.New, deal.id);
    await moving.waitFor({ timeout: WAIT });

    const dragging = alicePage.locator(`[data-testid="deal-card-${deal.id}"].is-dragging`);
    await moving.focus();
    await alicePage.keyboard.press('Space');
    try {
      await dragging.waitFor({ timeout: WAIT });
      // One press, one column: the card is re-filed under "No answer" while still held.
      await alicePage.keyboard.press('ArrowRight');
      await cardIn(alicePage, stage['No answer'], deal.id).waitFor({ timeout: WAIT });
      await alicePage.keyboard.press('Space');
      await dragging.waitFor({ state: 'detached', timeout: WAIT });
    } finally {
      // Never leave a drag open for the next test: a held card freezes the board's order.
      if ((await dragging.count()) > 0) await alicePage.keyboard.press('Escape');
    }

    await cardIn(alicePage, stage['No answer'], deal.id).waitFor({ timeout: WAIT });
    await eventually(() => serverStage(deal.id), (s) => s === stage['No answer'], 'the keyboard move to reach the server');
    await cardIn(headPage, stage['No answer'], deal.id).waitFor({ timeout: WAIT });
  });

  it('should show a title with markup as literal text and run none of it', async () => {
    const title = `<img src=x onerror="window.__xss=1;alert('xss')"><b>bold</b>`;
    await alicePage.getByTestId('new-deal-button').click();
    const dialog = alicePage.getByTestId('new-deal-dialog');
    await dialog.getByTestId('deal-form-title').fill(title);
    await dialog.getByTestId('deal-form-amount').fill('10');
    await dialog.getByTestId('deal-form-submit').click();
    await dialog.waitFor({ state: 'hidden', timeout: WAIT });

    const aliceCard = alicePage.getByTestId(`column-${stage.New}`).locator('[data-testid^="deal-card-"]', { hasText: title });
    await aliceCard.waitFor({ timeout: WAIT });
    const dealId = (await aliceCard.getAttribute('data-deal-id'))!;
    // The Head gets it over the socket: a second rendering path.
    const headCard = cardIn(headPage, stage.New, dealId);
    await headCard.waitFor({ timeout: WAIT });

    for (const [page, c] of [
      [alicePage, aliceCard],
      [headPage, headCard],
    ] as const) {
      expect(await c.locator('.card-title').textContent()).toBe(title);
      expect(await c.locator('img, b').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    }
    // A broken <img> fires onerror at once; a round trip to each page makes sure it had its chance.
    await Promise.all([alicePage.evaluate(() => document.images.length), headPage.evaluate(() => document.images.length)]);
    expect(dialogs).toEqual([]);
  });

  it('should take a card off Alice board live when the Head reassigns it to Bob', async () => {
    const deal = await createAs(alice, `Reassigned away ${Date.now()}`);
    await cardIn(alicePage, stage.New, deal.id).waitFor({ timeout: WAIT });

    const res = await head.patch<Deal>(`/api/deals/${deal.id}`, { ownerId: bobId });
    expect(res.status).toBe(200);
    expect(res.body.ownerId).toBe(bobId);

    await card(alicePage, deal.id).waitFor({ state: 'detached', timeout: WAIT });
    expect(await notReloaded(alicePage)).toBe(true);
    await cardIn(bobPage, stage.New, deal.id).waitFor({ timeout: WAIT });
    expect((await alice.get(`/api/deals/${deal.id}`)).status).toBe(404);
  });

  it('should move a deal with the stage selector on its page and show who moved it in the timeline', async () => {
    const deal = await createAs(alice, `Stage select ${Date.now()}`);
    await cardIn(alicePage, stage.New, deal.id).waitFor({ timeout: WAIT });
    await cardIn(headPage, stage.New, deal.id).waitFor({ timeout: WAIT });

    await card(alicePage, deal.id).locator('.card-title').click();
    await alicePage.getByTestId('deal-page').waitFor({ timeout: WAIT });
    expect(await alicePage.getByTestId('deal-title').textContent()).toBe(deal.title);
    await alicePage.getByTestId('deal-stage-select').selectOption(stage['Initial contact']);

    const moved = alicePage.locator('[data-testid="timeline-item"][data-event-type="moved"]');
    await moved.waitFor({ timeout: WAIT });
    expect(await moved.textContent()).toContain(`${aliceName} moved it from New to Initial contact`);
    await eventually(() => serverStage(deal.id), (s) => s === stage['Initial contact'], 'the stage change to reach the server');
    await cardIn(headPage, stage['Initial contact'], deal.id).waitFor({ timeout: WAIT });

    await alicePage.getByTestId('nav-board').click();
    await cardIn(alicePage, stage['Initial contact'], deal.id).waitFor({ timeout: WAIT });
  });
  it('should ask for the board beside the pipeline list on a reload, not after it', async () => {
    const page = await logIn('alice@example.com');
    try {
      await page.reload();
      await page.getByTestId(`column-${stage['In progress']}`).waitFor({ timeout: WAIT });
      const timing = await page.evaluate(() =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          .filter((e) => e.name.includes('/api/'))
          .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd })),
      );
      const one = (path: string) => {
        const hits = timing.filter((t) => t.path === path);
        expect(hits).toHaveLength(1);
        return hits[0]!;
      };
      // other features (the softphone's presence) may also ask who we are: the app's first ask counts
      const me = timing.filter((t) => t.path === '/api/auth/me').sort((a, b) => a.start - b.start)[0]!;
      expect(me).toBeDefined();
      const pipelines = one('/api/pipelines');
      const board = one('/api/board');
      // Before the fix the chain was me → pipelines → board: the board could not start before both had answered.
      expect(board.start).toBeLessThan(pipelines.end);
      expect(pipelines.start).toBeLessThan(me.end);
    } finally {
      await page.context().close();
    }
  });
});
