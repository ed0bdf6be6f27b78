import type { Page } from 'playwright-core';
import type { Deal } from '@callboard/contracts';
import { Api, defaultPipeline } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { eventually, LAPTOP, launchBrowser, signedInPage, type TestBrowser } from './browser';

// Issue 13: a card dragged at the right edge of the board, where dnd-kit scrolls the board under
// it, crashed the app with "Minified React error #185" (maximum update depth) about 1 in 12 tries.

const WAIT = 10_000;
const DRAGS = 50;

describe('Board drags at the edge', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  let page: Page;
  let pipelineId: string;
  let stageNew: string;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    head = (await new Api(backend.url).login('head@example.com')).api;
    const pipeline = await defaultPipeline(head);
    pipelineId = pipeline.id;
    stageNew = pipeline.stageId('New');
    for (let i = 0; i < 6; i++) {
      const res = await head.post<Deal>('/api/deals', { title: `Edge drag ${i}`, amount: '10.00', currency: 'EUR', pipelineId, stageId: stageNew });
      if (res.status !== 201) throw new Error(`create: ${res.status}`);
    }
    page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, LAPTOP);
    page.on('console', (m) => {
      if (m.type() === 'error' && /Maximum update depth|#185/.test(m.text())) errors.push(`console: ${m.text()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  /** The stage a card is drawn in on the page, or null when it is not drawn. */
  const drawnStage = (dealId: string) =>
    page.evaluate((id) => {
      const card = document.querySelector(`[data-deal-id="${id}"]:not(.is-overlay)`);
      const column = card?.closest('[data-testid^="column-"]');
      return column ? column.getAttribute('data-testid')!.slice('column-'.length) : null;
    }, dealId);

  it(`should survive ${DRAGS} rapid drags to the right edge while the board scrolls, each card landing where the server says`, async () => {
    const board = page.getByTestId('board');
    const ids = (await head.get<{ items: Deal[] }>(`/api/deals?pipelineId=${pipelineId}&stageId=${stageNew}`)).body.items.map((d) => d.id);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    let scrolledAtLeastOnce = false;

    for (let i = 0; i < DRAGS; i++) {
      const dealId = ids[i % ids.length]!;
      await board.evaluate((el) => el.scrollTo({ left: 0 }));
      const card = page.getByTestId(`deal-card-${dealId}`);
      await card.scrollIntoViewIfNeeded();
      const from = (await card.boundingBox())!;
      const area = (await board.boundingBox())!;
      const x0 = from.x + from.width / 2;
      const y0 = from.y + from.height / 2;
      // Into dnd-kit's auto-scroll band at the right edge, then wobble there so the board scrolls
      // under the pointer and the column beneath keeps changing.
      const edge = area.x + area.width - 6 - (i % 4) * 8;
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      try {
        await page.mouse.move(x0 + 12, y0 + 4, { steps: 2 });
        await page.mouse.move(edge, y0 + 30, { steps: 6 });
        for (let k = 0; k < 6 + (i % 5); k++) await page.mouse.move(edge - (k % 2) * 14, y0 + 30 + (k % 3) * 40, { steps: 1 });
        if (!scrolledAtLeastOnce) scrolledAtLeastOnce = (await board.evaluate((el) => el.scrollLeft)) > 0;
        // then rest in the gap between the two right-most columns on screen, where the pointer is over
        // no column and the card overlaps the cards of both, nudging it by a pixel at a time
        const gap = await board.evaluate((el) => {
          const right = el.getBoundingClientRect().right;
          const cols = Array.from(el.querySelectorAll('[data-testid^="column-"]'))
            .map((c) => c.getBoundingClientRect())
            .filter((r) => r.right < right - 4);
          const a = cols[cols.length - 1];
          return a ? a.right + 4 : null;
        });
        if (gap !== null) for (let k = 0; k < 8; k++) await page.mouse.move(gap + (k % 3), y0 + 20 + k * 6, { steps: 1 });
      } finally {
        await page.mouse.up();
      }
      // A drop onto a lost stage asks why: cancel it, the card goes back.
      const lost = page.getByTestId('close-lost-cancel');
      if (await lost.isVisible()) await lost.click();
      await lost.waitFor({ state: 'hidden', timeout: WAIT });
      expect(errors).toEqual([]);
      // the card is drawn once, in the stage the server has (after the move's answer and the socket
      // echo); a card dropped on a folded closed stage is drawn nowhere until the column is opened
      const folded = (stageId: string) => page.locator(`[data-testid="column-${stageId}"][data-collapsed="true"]`).count().then((n) => n > 0);
      await eventually(
        async () => {
          const saved = (await head.get<Deal>(`/api/deals/${dealId}`)).body.stageId;
          return [await drawnStage(dealId), saved, await folded(saved)] as const;
        },
        ([drawn, saved, isFolded]) => drawn === saved || (drawn === null && isFolded),
        `deal ${dealId} (drag ${i + 1}) drawn where the server has it`,
      );
      expect(await page.locator(`[data-deal-id="${dealId}"]:not(.is-overlay)`).count()).toBeLessThanOrEqual(1);
      // every card goes back to New for the next round, through the API
      await head.post(`/api/deals/${dealId}/move`, { stageId: stageNew });
      await page.getByTestId(`column-${stageNew}`).getByTestId(`deal-card-${dealId}`).waitFor({ timeout: WAIT });
    }
    expect(scrolledAtLeastOnce).toBe(true);
    expect(errors).toEqual([]);

    // still a working board: the app did not fall over, a normal page is reachable
    await page.getByTestId('nav-today').click();
    await page.waitForURL(/\/today/, { timeout: WAIT });
    await page.getByTestId('nav-board').click();
    await page.getByTestId(`column-${stageNew}`).waitFor({ timeout: WAIT });
  }, 300_000);
});
