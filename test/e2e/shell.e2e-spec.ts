import type { Page } from 'playwright-core';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { launchBrowser, LAPTOP, PHONE, signedInPage, type TestBrowser, type Viewport } from './browser';

// Issue 13: the app shell at a phone's and a laptop's size. The top bar passes axe (colour
// contrast included), nothing scrolls sideways, and sign-out, presence, the bell and the search
// stay reachable; on a phone the navigation folds behind a menu button.

const WAIT = 10_000;

/** The element's box lies inside the viewport (visible and not pushed off-screen). */
async function onScreen(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  const vp = page.viewportSize()!;
  return box !== null && box.width > 0 && box.x >= 0 && box.x + box.width <= vp.width + 0.5 && box.y >= 0 && box.y + box.height <= vp.height;
}

describe('App shell at a phone’s and a laptop’s size', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  const pageErrors: string[] = [];

  const logIn = (email: string, viewport: Viewport) => signedInPage(chromium, backend.url, email, pageErrors, WAIT, viewport);

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    pageErrors.length = 0;
  });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ])('should keep search, presence, the bell and sign-out reachable with an accessible top bar on a %s', async (_size, viewport) => {
    const page = await logIn('head@example.com', viewport);
    await page.getByTestId('softphone-presence').waitFor({ timeout: WAIT });
    await page.goto(`${backend.url}/account`);
    await page.getByTestId('softphone-presence').waitFor({ timeout: WAIT });
    for (const id of ['global-search-input', 'softphone-presence', 'notifications-bell']) expect([id, await onScreen(page, id)]).toEqual([id, true]);
    await expectAccessible(page, `top bar (${_size})`, 'header.topbar');
    await expectNoSidewaysScroll(page, `account page (${_size})`);

    // the bell's panel opens inside the screen, dark text on light
    await page.getByTestId('notifications-bell').click();
    await page.getByTestId('notifications-panel').waitFor({ timeout: WAIT });
    expect(await onScreen(page, 'notifications-panel')).toBe(true);
    await expectAccessible(page, `notifications panel (${_size})`, '[data-testid="notifications-panel"]');
    await expectNoSidewaysScroll(page, `notifications panel open (${_size})`);
    await page.getByTestId('notifications-bell').click();
    await page.close();
  });

  it.each([
    ['phone', PHONE],
    ['laptop', LAPTOP],
  ])('should open a dialog (Radix) that fits, passes axe, keeps focus inside and gives it back on Escape, on a %s', async (size, viewport) => {
    const page = await logIn('alice@example.com', viewport);
    const trigger = page.getByTestId('new-deal-button');
    await trigger.click();
    const dialog = page.getByTestId('new-deal-dialog');
    await dialog.waitFor({ timeout: WAIT });
    expect(await dialog.getAttribute('role')).toBe('dialog');
    expect(await onScreen(page, 'new-deal-dialog')).toBe(true);
    // focus moved into the dialog and stays there when tabbing past its last control
    const inside = () => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="new-deal-dialog"]')));
    expect(await inside()).toBe(true);
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    expect(await inside()).toBe(true);
    await expectAccessible(page, `new-deal dialog (${size})`, '[data-testid="new-deal-dialog"]');
    await expectNoSidewaysScroll(page, `dialog open (${size})`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    // Radix gives focus back just after the dialog unmounts
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'new-deal-button', undefined, { timeout: WAIT });
    await page.close();
  });

  it('should fold the navigation, account and sign-out behind a menu button on a phone, and sign out from it', async () => {
    const page = await logIn('head@example.com', PHONE);
    const menu = page.getByTestId('nav-menu');
    expect(await menu.isVisible()).toBe(true);
    expect(await page.getByTestId('nav-today').isVisible()).toBe(false);
    expect(await page.getByTestId('logout').isVisible()).toBe(false);

    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    for (const id of ['nav-today', 'nav-admin', 'nav-account', 'logout']) expect([id, await onScreen(page, id)]).toEqual([id, true]);
    await expectAccessible(page, 'opened phone menu', 'header.topbar');
    await expectNoSidewaysScroll(page, 'opened phone menu');

    // a link opens its page and closes the menu
    await page.getByTestId('nav-today').click();
    await page.waitForURL(/\/today$/, { timeout: WAIT });
    // the menu closes as the new page renders (Today is its own chunk, so that can come a moment after the URL)
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-menu"]')?.getAttribute('aria-expanded') === 'false', undefined, { timeout: WAIT });
    expect(await page.getByTestId('nav-today').isVisible()).toBe(false);

    // Escape closes it and gives focus back to the button
    await menu.click();
    await page.getByTestId('logout').waitFor({ state: 'visible', timeout: WAIT });
    await page.keyboard.press('Escape');
    await page.getByTestId('logout').waitFor({ state: 'hidden', timeout: WAIT });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-menu');

    await menu.click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-email').waitFor({ timeout: WAIT });
    await expectNoSidewaysScroll(page, 'login page (phone)');
    await page.close();
  });

  it('should show the navigation and sign-out in the bar on a laptop, with no menu button', async () => {
    const page = await logIn('alice@example.com', LAPTOP);
    expect(await page.getByTestId('nav-menu').isVisible()).toBe(false);
    for (const id of ['nav-board', 'nav-today', 'nav-account', 'logout']) expect([id, await onScreen(page, id)]).toEqual([id, true]);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-email').waitFor({ timeout: WAIT });
    await page.close();
  });
});
