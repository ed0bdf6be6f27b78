import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { ROOT, startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser, type Viewport } from './browser';

// Issue 13, "done when": every screen, as a Head and as a Seller, on a phone (390×844) and a
// laptop (1440×900), on the demo data `npm start` shows: 0 serious or critical axe violations
// (WCAG 2.2 A/AA, colour contrast included) and no sideways page scroll. With
// UPDATE_SCREENSHOTS=1 it also writes each screen to docs/screenshots/ (committed, for the docs).

const WAIT = 15_000;
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : null;

interface Screen {
  name: string;
  path: (ids: DemoIds) => string;
  /** Only a Head may open it. */
  headOnly?: boolean;
}

interface DemoIds {
  dealId: string;
  contactId: string;
}

const SCREENS: Screen[] = [
  { name: 'board', path: () => '/board' },
  { name: 'today', path: () => '/today' },
  { name: 'contacts', path: () => '/contacts' },
  { name: 'contact', path: (ids) => `/contacts/${ids.contactId}` },
  { name: 'deal', path: (ids) => `/deals/${ids.dealId}` },
  { name: 'calls', path: () => '/calls' },
  { name: 'phones', path: () => '/phones' },
  { name: 'account', path: () => '/account' },
  { name: 'not-found', path: () => '/no-such-page' },
  { name: 'team', path: () => '/team', headOnly: true },
  ...['users', 'team', 'stages', 'rules', 'lost', 'dialing', 'missed', 'security'].map((tab) => ({ name: `admin-${tab}`, path: () => `/admin?tab=${tab}`, headOnly: true })),
];

const SIZES: Array<[string, Viewport]> = [
  ['phone', PHONE],
  ['laptop', LAPTOP],
];

/** Waits until the page has fetched what it shows: no request in flight and no spinner. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: WAIT });
  await page.waitForFunction(() => !document.querySelector('.spinner'), undefined, { timeout: WAIT });
}

describe('Every screen at a phone’s and a laptop’s size', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let ids: DemoIds;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'demo' }), launchBrowser()]);
    const head = (await new Api(backend.url).login('head@example.com')).api;
    const alice = (await new Api(backend.url).login('alice@example.com')).api;
    // a deal and a contact Alice may see (so both roles open the same record)
    const deals = (await alice.get('/api/deals?limit=50')).body as Array<{ id: string; contactId: string | null }>;
    const withContact = (Array.isArray(deals) ? deals : (deals as { items: typeof deals }).items).find((d) => d.contactId);
    if (!withContact?.contactId) throw new Error('the demo data gave Alice no deal with a contact');
    ids = { dealId: withContact.id, contactId: withContact.contactId };
    expect((await head.get(`/api/deals/${ids.dealId}`)).status).toBe(200);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  it('should show the sign-in page accessibly at both sizes', async () => {
    for (const [size, viewport] of SIZES) {
      const page = await chromium.newPage(viewport);
      page.on('pageerror', (e) => pageErrors.push(`login: ${e.message}`));
      await page.goto(`${backend.url}/login`);
      await page.getByTestId('login-email').waitFor({ timeout: WAIT });
      await expectAccessible(page, `login at ${size}`);
      await expectNoSidewaysScroll(page, `login at ${size}`);
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `${size}-login.png`) });
      await page.context().close();
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);

  for (const [who, email] of [
    ['Head', 'head@example.com'],
    ['Seller', 'alice@example.com'],
  ] as const) {
    for (const [size, viewport] of SIZES) {
      it(`should pass axe and not scroll sideways on every screen, as a ${who} on a ${size}`, async () => {
        const page = await signedInPage(chromium, backend.url, email, pageErrors, WAIT, viewport);
        const failures: string[] = [];
        for (const screen of SCREENS.filter((s) => who === 'Head' || !s.headOnly)) {
          const where = `${screen.name} as a ${who} on a ${size}`;
          await page.goto(`${backend.url}${screen.path(ids)}`);
          await settled(page);
          for (const check of [() => expectAccessible(page, where), () => expectNoSidewaysScroll(page, where)]) {
            await check().catch((e: Error) => failures.push(e.message));
          }
          if (SHOTS && who === (screen.headOnly ? 'Head' : 'Seller')) await page.screenshot({ path: join(SHOTS, `${size}-${screen.name}.png`) });
        }
        await page.context().close();
        expect({ failures, pageErrors }).toEqual({ failures: [], pageErrors: [] });
      }, 240_000);
    }
  }
});
