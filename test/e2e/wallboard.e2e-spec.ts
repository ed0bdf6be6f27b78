import type { Page } from 'playwright-core';
import { Api, defaultPipeline } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser } from './browser';

// The wallboard (issue 14): a Head creates a link in Admin; a TV (another browser context, nobody
// signed in) opens it and shows today's figures, live from the socket's `figures.changed`; a revoked
// link shows the "not connected" screen.

const WAIT = 10_000;
/** Well under the wallboard's 60 s fallback refresh: a change seen within this came over the socket. */
const LIVE = 8_000;

describe('Wallboard', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    head = (await new Api(backend.url).login('head@example.com')).api;
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  const wonToday = (tv: Page) => tv.getByTestId('wallboard-won-value').textContent();

  it('should show a new link once, open the figures on a TV without signing in, follow a won deal live, and stop when revoked', async () => {
    const admin = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, LAPTOP);
    await admin.goto(`${backend.url}/admin?tab=wallboards`);
    await admin.getByTestId('wallboard-name').fill('Sales floor');
    await admin.getByTestId('wallboard-create').click();
    const url = (await admin.getByTestId('wallboard-url').textContent({ timeout: WAIT }))!.trim();
    expect(url).toMatch(/\/wallboard#token=[A-Za-z0-9_-]{43}$/);
    await admin.getByTestId('wallboard-list').getByText('Sales floor').waitFor({ timeout: WAIT });
    await expectAccessible(admin, 'Admin → Wallboards');

    // the TV: its own context, nobody signed in
    const tv = await chromium.newPage(LAPTOP);
    tv.on('pageerror', (e) => errors.push(`tv: ${e.message}`));
    await tv.goto(url);
    await tv.getByTestId('wallboard').waitFor({ timeout: WAIT });
    // the token left the address bar, and stays on the TV
    expect(tv.url()).not.toContain('token=');
    expect(await tv.evaluate(() => localStorage.getItem('callboard.wallboardToken'))).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await wonToday(tv)).toBe('0');
    await tv.getByTestId('wallboard-reps').getByText('Alice Seller').waitFor({ timeout: WAIT });
    await expectAccessible(tv, 'the wallboard');

    // a deal won through the API: the TV shows it without a reload
    const pipeline = await defaultPipeline(head);
    const deal = (await head.post('/api/deals', { title: 'Big win', amount: '1200.00', currency: 'EUR' })).body;
    expect((await head.post(`/api/deals/${deal.id}/move`, { stageId: pipeline.stageId('Won') })).status).toBeLessThan(300);
    await tv.waitForFunction(() => document.querySelector('[data-testid="wallboard-won-value"]')?.textContent === '1', undefined, { timeout: LIVE });

    // reloaded, the TV still knows its token
    await tv.reload();
    await tv.getByTestId('wallboard').waitFor({ timeout: WAIT });
    expect(await wonToday(tv)).toBe('1');

    // revoked in Admin: the TV's socket closes and its next request shows the "not connected" screen
    await admin.getByTestId('wallboard-revoke').click();
    await admin.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
    await admin.getByTestId('toast').getByText('Wallboard “Sales floor” revoked').waitFor({ timeout: WAIT });
    await tv.getByTestId('wallboard-revoked').waitFor({ timeout: LIVE });
    await expectAccessible(tv, 'the revoked wallboard');
    await admin.context().close();
    await tv.context().close();
  }, 90_000);

  it("should fit a phone's width: the Admin section with a new link, and the wallboard itself", async () => {
    const admin = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, PHONE);
    await admin.goto(`${backend.url}/admin?tab=wallboards`);
    await admin.getByTestId('wallboard-name').fill('Reception screen with a long name');
    await admin.getByTestId('wallboard-create').click();
    const url = (await admin.getByTestId('wallboard-url').textContent({ timeout: WAIT }))!.trim();
    await admin.getByTestId('wallboard-list').getByText('Reception screen with a long name').waitFor({ timeout: WAIT });
    await expectNoSidewaysScroll(admin, 'Admin → Wallboards on a phone');
    const tv = await chromium.newPage(PHONE);
    tv.on('pageerror', (e) => errors.push(`tv: ${e.message}`));
    await tv.goto(url);
    await tv.getByTestId('wallboard').waitFor({ timeout: WAIT });
    await expectNoSidewaysScroll(tv, 'the wallboard on a phone');
    await admin.context().close();
    await tv.context().close();
  }, 60_000);
});
