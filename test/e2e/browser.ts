import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Debian's Chromium, never a downloaded one.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless on a closed network (the softphone specs add their media flags). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Viewport {
  width: number;
  height: number;
}

/** The two sizes issue 13 holds every screen to: a phone and a laptop. */
export const PHONE: Viewport = { width: 390, height: 844 };
export const LAPTOP: Viewport = { width: 1440, height: 900 };

export interface TestBrowser {
  browser: Browser;
  /** A fresh, isolated context (its own storage, so its own session) with one page; 1600×900 unless told. */
  newPage(viewport?: Viewport): Promise<Page>;
  close(): Promise<void>;
}

/**
 * One headless Chromium on a fresh profile directory. Playwright only takes a user-data-dir
 * through a persistent context; the isolated contexts for each user are opened beside it.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'callboard-e2e-chromium-'));
  let persistent: BrowserContext;
  try {
    persistent = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const browser = persistent.browser();
  if (!browser) throw new Error('Chromium gave no browser for its persistent context');
  return {
    browser,
    async newPage(viewport = { width: 1600, height: 900 }) {
      const context = await browser.newContext({ viewport });
      return context.newPage();
    },
    async close() {
      await persistent.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value `accept` takes, or fails with the last value seen. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let delay = 25;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/**
 * Drags a board card onto a column with real mouse events: press, move past the 5 px activation
 * distance, glide, release once the board has re-filed the card under the hovered column.
 */
export async function dragCard(page: Page, dealId: string, toStageId: string, timeoutMs = 10_000): Promise<void> {
  const target = page.getByTestId(`column-${toStageId}`);
  await target.scrollIntoViewIfNeeded();
  const from = await page.getByTestId(`deal-card-${dealId}`).boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('card or column is not on screen');
  const x0 = from.x + from.width / 2;
  const y0 = from.y + from.height / 2;
  const x1 = to.x + to.width / 2;
  const y1 = to.y + 120;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  try {
    await page.mouse.move(x0 + 10, y0 + 4, { steps: 3 });
    await page.mouse.move(x1, y1, { steps: 15 });
    await target.getByTestId(`deal-card-${dealId}`).waitFor({ timeout: timeoutMs });
  } finally {
    await page.mouse.up();
  }
}

/**
 * A new page signed in as `email` (password "callboard", the test seed's) on the board; page
 * errors go to `errors` prefixed with the email.
 */
export async function signedInPage(browser: TestBrowser, baseUrl: string, email: string, errors: string[], timeout = 10_000, viewport?: Viewport): Promise<Page> {
  const page = await browser.newPage(viewport);
  page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('callboard');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('board').waitFor({ timeout });
  return page;
}
