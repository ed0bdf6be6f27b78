import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser, type Viewport } from './browser';
import { expectContentFits } from './screens';

// The Head's team view on a fresh demo install: each rep's figures for today, as the API counts
// them, talk time as a duration; a Seller has no team view.

const WAIT = 10_000;
const PAGE = '[data-testid="team"]';

describe('Team', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'demo' }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  async function openTeam(viewport: Viewport): Promise<Page> {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, viewport);
    await page.goto(`${backend.url}/team`);
    await page.getByTestId('team-member').first().waitFor({ timeout: WAIT });
    return page;
  }

  it("should show each rep's calls, talk time, missed calls and deals moved today", async () => {
    const { api } = await new Api(backend.url).login('head@example.com');
    const figures = (await api.get('/api/team/today')).body;
    const alice = figures.reps.find((r: { name: string }) => r.name === 'Alice Seller');
    // the demo day: Alice took calls and moved a deal
    expect(alice.calls).toBeGreaterThan(0);
    expect(alice.talkSeconds).toBeGreaterThan(60);
    expect(alice.dealsMoved).toBeGreaterThan(0);

    const page = await openTeam(LAPTOP);
    const row = page.locator(`[data-testid="team-member"][data-user-id="${alice.userId}"]`);
    await row.getByTestId('team-calls').filter({ hasText: String(alice.calls) }).waitFor({ timeout: WAIT });
    const m = Math.floor(alice.talkSeconds / 60);
    const s = String(alice.talkSeconds % 60).padStart(2, '0');
    expect(await row.getByTestId('team-talk').textContent()).toBe(`${m}:${s}`);
    expect(await row.getByTestId('team-missed').textContent()).toBe(String(alice.missed));
    expect(await row.getByTestId('team-moved').textContent()).toBe(String(alice.dealsMoved));
    await expectAccessible(page, 'Team at 1440×900', PAGE);
    await expectContentFits(page, PAGE, 'Team at 1440×900');
    await expectNoSidewaysScroll(page, 'Team at 1440×900');
    // a rep's name opens the board with that rep's deals
    await row.getByTestId('team-member-board').click();
    await page.getByTestId('board').waitFor({ timeout: WAIT });
    expect(new URL(page.url()).searchParams.get('owner')).toBe(alice.userId);
    await page.context().close();
  }, 60_000);

  it('should refuse the figures to a Seller', async () => {
    const { api } = await new Api(backend.url).login('alice@example.com');
    expect((await api.get('/api/team/today')).status).toBe(403);
  });

  it('should show each rep as a card on a phone, with no sideways scroll', async () => {
    const page = await openTeam(PHONE);
    const widths = await page.getByTestId('team-member').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().width));
    for (const w of widths) expect(w).toBeGreaterThan(300);
    // each figure is a labelled line across the card, not a squeezed table column
    const figureWidths = await page.getByTestId('team-talk').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
    for (const w of figureWidths) expect(w).toBeGreaterThan(250);
    await expectAccessible(page, 'Team at 390×844', PAGE);
    await expectContentFits(page, PAGE, 'Team at 390×844');
    await expectNoSidewaysScroll(page, 'Team at 390×844');
    await page.context().close();
  }, 60_000);
});
