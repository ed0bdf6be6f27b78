import type { Page, Route } from 'playwright-core';
import { Api, defaultPipeline } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser } from './browser';

/** Follows a navigation link; on a phone the links are behind the menu button. */
async function navigate(page: Page, testId: string): Promise<void> {
  if (!(await page.getByTestId(testId).isVisible())) await page.getByTestId('nav-menu').click();
  await page.getByTestId(testId).click();
}

// Issue 13: a board that cannot be drawn shows the error boundary's fallback, and the rest of the
// app (top bar, navigation, other pages) keeps working. Nothing in the app is made to throw for
// the test: the browser is handed a board answer it cannot draw.

const WAIT = 10_000;

describe('Board error boundary', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let pipelineId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    const head = (await new Api(backend.url).login('head@example.com')).api;
    pipelineId = (await defaultPipeline(head)).id;
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => {
    // a render error caught by the boundary never reaches the window as an uncaught error
    expect(errors).toEqual([]);
  });

  /** A board answer with columns the board cannot draw (columns is not a list). */
  const undrawable = (route: Route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ pipelineId, columns: null }) });

  for (const [size, viewport] of [
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ] as const) {
    it(`should show the fallback with "Try again" and keep the app working when the board cannot be drawn (${size})`, async () => {
      const page: Page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, viewport);
      try {
        await page.route('**/api/board?**', undrawable);
        await page.route('**/api/board', undrawable);
        await page.goto(`${backend.url}/board`);
        const fallback = page.getByTestId('error-boundary');
        await fallback.waitFor({ timeout: WAIT });
        expect(await fallback.textContent()).toContain('The board could not be shown');
        expect(await page.getByTestId('board').count()).toBe(0);
        // the top bar is still drawn and works
        await expectAccessible(page, `board fallback (${size})`, '#main');
        await expectNoSidewaysScroll(page, `board fallback (${size})`);

        // "Try again" with the server still answering the same: the fallback again, not a crash
        const retried = page.waitForResponse((r) => r.url().includes('/api/board'));
        await page.getByTestId('error-boundary-retry').click();
        await retried;
        await fallback.waitFor({ timeout: WAIT });

        // the navigation still works (no reload: the same app that caught the error), and so does another page
        await page.evaluate(() => ((window as unknown as { __sameApp: boolean }).__sameApp = true));
        await navigate(page, 'nav-today');
        await page.getByTestId('today-page').waitFor({ timeout: WAIT });
        expect(await fallback.count()).toBe(0);

        // back on the board (the cached answer is still the bad one), and once the server answers
        // well again, "Try again" fetches and draws the board
        await navigate(page, 'nav-board');
        await fallback.waitFor({ timeout: WAIT });
        expect(await page.evaluate(() => (window as unknown as { __sameApp?: boolean }).__sameApp)).toBe(true);
        await page.unroute('**/api/board?**');
        await page.unroute('**/api/board');
        await page.getByTestId('error-boundary-retry').click();
        await page.getByTestId('board').waitFor({ timeout: WAIT });
        expect(await fallback.count()).toBe(0);
      } finally {
        await page.context().close();
      }
    }, 60_000);
  }
});
