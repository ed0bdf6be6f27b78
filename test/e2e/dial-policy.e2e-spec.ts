import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { launchBrowser, type TestBrowser } from './browser';

// The Head's dial policy screen (ADR 0009) in a real browser: what is saved there is what the SIP
// server's dial check answers.

const WAIT = 10_000;

describe('Dial policy admin in the browser', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let page: Page;
  let pbx: Api;
  let head: Api;
  const pageErrors: string[] = [];

  const dialCheck = (extension: string, to: string) =>
    pbx.get(`/api/internal/dial-check?callId=e2e-${Date.now()}&extension=${extension}&to=${encodeURIComponent(to)}`).then((r) => r.body);

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    pbx = new Api(backend.url, backend.env.PBX_SERVICE_TOKEN);
    ({ api: head } = await new Api(backend.url).login('head@example.com'));
    page = await chromium.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${backend.url}/login`);
    await page.getByTestId('login-email').fill('head@example.com');
    await page.getByTestId('login-password').fill('callboard');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('board').waitFor({ timeout: WAIT });
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  it('should save the countries, ranges and limit a Head sets, let a Seller call abroad, and list refused calls', async () => {
    expect(await dialCheck('1001', '+3690123456')).toMatchObject({ allowed: false, reason: 'special_service' });
    await page.goto(`${backend.url}/admin?tab=dialing`);
    await page.getByTestId('dial-policy-admin').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('dial-policy-countries').inputValue()).toBe('36');
    await page.getByTestId('dial-policy-refusals').getByText('+3690123456').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('dial-policy-refusals').innerText()).toContain('Premium-rate numbers are blocked');

    await page.getByTestId('dial-policy-countries').fill('36, +43');
    const prefixes = page.getByTestId('dial-policy-prefixes');
    await prefixes.fill(`${await prefixes.inputValue()}\n+36 30`);
    await page.getByTestId('dial-policy-max-calls').fill('3');
    await page.getByTestId('dial-policy-save').click();
    await expect_(async () => (await head.get('/api/dial-policy')).body.settings.maxConcurrentCalls === 3);
    const { settings } = (await head.get('/api/dial-policy')).body;
    expect(settings.allowedCountryCodes).toEqual(['36', '43']);
    expect(settings.blockedPrefixes).toEqual(expect.arrayContaining(['+1900', '+3630']));
    expect(await dialCheck('1001', '+43 1 5880 0000')).toEqual({ allowed: true, maxConcurrent: 3 });
    expect(await dialCheck('1001', '06 30 123 4567')).toMatchObject({ allowed: false, reason: 'blocked_prefix' });

    expect(await dialCheck('1001', '+44 20 7946 0000')).toMatchObject({ allowed: false, reason: 'international_not_allowed' });
    // the box follows the server: ticked once the change is saved
    await page.getByTestId('dial-policy-international-1001').click();
    await page.locator('[data-testid="dial-policy-international-1001"]:checked').waitFor({ timeout: WAIT });
    expect(await dialCheck('1001', '+44 20 7946 0000')).toEqual({ allowed: true, maxConcurrent: 3 });
    expect(pageErrors).toEqual([]);
  });
});

/** Polls until `check` is true (10 s). */
async function expect_(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
