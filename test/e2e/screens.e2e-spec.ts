import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser, type Viewport } from './browser';
import { demoIds, SCREENS, settled, type DemoIds } from './screens';

// Issue 13, "done when": every screen, as a Head and as a Seller, on a phone (390×844) and a
// laptop (1440×900), on the demo data `npm start` shows: 0 serious or critical axe violations
// (WCAG 2.2 A/AA, colour contrast included) and no sideways page scroll. With
// UPDATE_SCREENSHOTS=1 it also writes each screen to docs/screenshots/ (committed, for the docs).

const WAIT = 15_000;
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : null;

const SIZES: Array<[string, Viewport]> = [
  ['phone', PHONE],
  ['laptop', LAPTOP],
];

describe('Every screen at a phone’s and a laptop’s size', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let ids: DemoIds;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'demo' }), launchBrowser()]);
    ids = await demoIds(backend.url);
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
          if (SHOTS && who === (screen.shotAs ?? (screen.headOnly ? 'Head' : 'Seller'))) {
            await page.screenshot({ path: join(SHOTS, `${size}-${screen.name}.png`) });
            if (size === 'laptop') for (const [part, selector] of Object.entries(screen.parts ?? {})) await page.locator(selector).screenshot({ path: join(SHOTS, `${part}.png`) });
          }
        }
        await page.context().close();
        expect({ failures, pageErrors }).toEqual({ failures: [], pageErrors: [] });
      }, 240_000);
    }
  }
});
