import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { launchBrowser, type TestBrowser } from './browser';

// Passwords and sign-out in a real browser: a change or a Head's reset signs the user's other
// browsers out at once (their socket is closed and refused), and sign-out ends the token itself.

const WAIT = 10_000;

describe('Account and sessions in the browser', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  const pageErrors: string[] = [];

  async function signIn(email: string, password = 'callboard'): Promise<Page> {
    const page = await chromium.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${email}: ${e.message}`));
    await page.goto(`${backend.url}/login`);
    await fillSignIn(page, email, password);
    return page;
  }

  async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: WAIT });
  }

  const token = (page: Page) => page.evaluate(() => localStorage.getItem('callboard.accessToken'));

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('should change a password, send the other browser back to sign-in at once, and sign out for real', async () => {
    const here = await signIn('alice@example.com');
    const elsewhere = await signIn('alice@example.com');
    const elsewhereToken = await token(elsewhere);

    await here.getByTestId('nav-account').click();
    await here.getByTestId('current-password').fill('not-my-password');
    await here.getByTestId('new-password').fill('alices-new-password');
    await here.getByTestId('repeat-password').fill('alices-new-password');
    await here.getByTestId('change-password-submit').click();
    await here.getByText('The current password is not right').waitFor({ timeout: WAIT });
    await here.getByTestId('current-password').fill('callboard');
    await here.getByTestId('change-password-submit').click();
    await here.getByTestId('toast').getByText('Password changed').waitFor({ timeout: WAIT });

    // The other browser did nothing: its closed socket was refused and it is back at sign-in.
    await elsewhere.getByTestId('login-email').waitFor({ timeout: WAIT });
    expect((await new Api(backend.url, elsewhereToken).get('/api/auth/me')).status).toBe(401);

    const hereToken = await token(here);
    expect((await new Api(backend.url, hereToken).get('/api/auth/me')).status).toBe(200);
    await here.getByTestId('logout').click();
    await here.getByTestId('login-email').waitFor({ timeout: WAIT });
    expect((await new Api(backend.url, hereToken).get('/api/auth/me')).status).toBe(401);

    await fillSignIn(here, 'alice@example.com', 'alices-new-password');
  }, 60_000);

  it('should let a Head reset a password: shown once, the user signed out, the temporary one works', async () => {
    const bob = await signIn('bob@example.com');
    const head = await signIn('head@example.com');
    const bobId = (await new Api(backend.url).login('bob@example.com')).user.id;

    await head.getByTestId('nav-admin').click();
    await head.getByTestId(`user-reset-${bobId}`).click();
    await head.getByTestId('confirm-ok').click();
    const shown = head.getByTestId('temporary-password');
    await shown.waitFor({ timeout: WAIT });
    const temporary = (await shown.textContent())!.trim();
    expect(temporary).toMatch(/^[A-Za-z0-9_-]{20}$/);

    await bob.getByTestId('login-email').waitFor({ timeout: WAIT });
    await fillSignIn(bob, 'bob@example.com', temporary);

    await head.keyboard.press('Escape');
    await head.getByTestId('admin-tab-security').click();
    await head.getByTestId('security-admin').waitFor({ timeout: WAIT });
  }, 60_000);

  it('should create the first Head once from the setup link of an empty install', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-setup-e2e-'));
    const empty = await startBackend({ seed: 'none', env: { SEED_LOGINS_FILE: join(dir, 'logins.json') } });
    try {
      const { setupPath } = JSON.parse(readFileSync(join(dir, 'logins.json'), 'utf8'));
      const page = await chromium.newPage();
      page.on('pageerror', (e) => pageErrors.push(`setup: ${e.message}`));
      await page.goto(`${empty.url}${setupPath}`);
      await page.getByTestId('setup-name').fill('Hedda Head');
      await page.getByTestId('setup-email').fill('hedda@example.com');
      await page.getByTestId('setup-password').fill('heddas-long-password');
      await page.getByTestId('setup-submit').click();
      await page.getByTestId('users-table').waitFor({ timeout: WAIT }).catch(async (e) => {
        throw new Error(`${e.message}\nat ${page.url()}: ${await page.locator('body').innerText()}`);
      });

      const again = await chromium.newPage();
      await again.goto(`${empty.url}${setupPath}`);
      await again.getByTestId('setup-name').fill('Mallory');
      await again.getByTestId('setup-email').fill('mallory@example.com');
      await again.getByTestId('setup-password').fill('mallorys-password');
      await again.getByTestId('setup-submit').click();
      await again.getByTestId('setup-error').getByText('already set up').waitFor({ timeout: WAIT });
    } finally {
      await empty.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
