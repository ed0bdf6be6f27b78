import { createHash } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend, queryDatabase } from '../support/backend';
import { eventually, launchBrowser, type TestBrowser } from './browser';

// Desk phones in a real browser: a Head adds one to Bob, sees its settings and password once
// with a QR code that scans to them, the list shows it (a hostile user agent as text), and
// removing it works. A Seller sees only their own.

const WAIT = 10_000;
const SIP_DOMAIN = 'e2e.callboard.test';
const SIP_HOST = 'pbx.e2e.test';

describe('Desk phones in the browser', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let bobId: string;
  const pageErrors: string[] = [];

  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(backend.databaseUrl, text, params);

  async function logIn(email: string): Promise<Page> {
    const page = await chromium.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${email}: ${e.message}`));
    await page.goto(`${backend.url}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill('callboard');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('board').waitFor({ timeout: WAIT });
    return page;
  }

  beforeAll(async () => {
    backend = await startBackend({ seed: 'users', env: { SIP_DOMAIN, SIP_PUBLIC_HOST: SIP_HOST, TLS: 'off' } });
    bobId = (await new Api(backend.url).login('bob@example.com')).user.id;
    chromium = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('should let a Head add a phone to Bob, show its settings and password once with a QR code of them, list it and remove it', async () => {
    const page = await logIn('head@example.com');
    await page.getByTestId('nav-phones').click();
    await page.getByTestId('add-device-button').click();
    await page.getByTestId('device-form-user').selectOption(bobId);
    await page.getByTestId('device-form-label').fill('Bob’s Yealink');
    await page.getByTestId('device-form-submit').click();

    const settings = page.getByTestId('device-settings');
    await settings.waitFor({ timeout: WAIT });
    const value = (id: string) => page.getByTestId(`device-setting-${id}`).innerText();
    const username = await value('username');
    const password = await value('password');
    expect(username).toMatch(/^d[a-z2-7]{10}$/);
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(await value('server')).toBe(SIP_HOST);
    expect(await value('domain')).toBe(SIP_DOMAIN);
    expect(await value('transports')).toBe('UDP 5060, TCP 5060'); // TLS=off: no SIP over TLS offered
    expect(await settings.innerText()).toMatch(/shown only this once/);

    // The QR code as the browser drew it scans to the same settings
    const qr = page.getByTestId('device-qr');
    await eventually(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), (w) => Number(w) > 0, 'QR image loaded');
    const shot = PNG.sync.read(await qr.screenshot());
    const scanned = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data;
    expect(scanned).toContain(`Username: ${username}`);
    expect(scanned).toContain(`Password: ${password}`);
    expect(scanned).toContain(`Server: ${SIP_HOST}`);

    // What was shown is what Kamailio will verify
    const [row] = await sql(`SELECT id, ha1, user_id FROM sip_devices WHERE username = $1`, [username]);
    expect(row.user_id).toBe(bobId);
    expect(row.ha1).toBe(createHash('md5').update(`${username}:${SIP_DOMAIN}:${password}`).digest('hex'));

    await page.getByTestId('device-settings-done').click();
    await page.getByTestId('add-device-dialog').waitFor({ state: 'hidden', timeout: WAIT });
    const rowEl = page.getByTestId(`device-row-${row.id}`);
    await rowEl.waitFor({ timeout: WAIT });
    expect(await rowEl.innerText()).toContain('Bob’s Yealink');
    expect(await page.getByTestId(`device-status-${row.id}`).innerText()).toBe('Never registered');
    // Shown once: gone from the page once the dialog closed
    expect(await page.content()).not.toContain(password);

    // The SIP server's facts, a hostile user agent among them, render as text
    const hostile = '<img src=x onerror="window.__pwned=1">Yealink T46U';
    await sql(
      `UPDATE sip_devices SET last_registered_at = now(), registered_until = now() + interval '1 hour',
         last_address = '192.0.2.44:5060', last_transport = 'udp', last_user_agent = $2 WHERE id = $1`,
      [row.id, hostile],
    );
    await page.reload();
    await rowEl.waitFor({ timeout: WAIT });
    expect(await page.getByTestId(`device-status-${row.id}`).innerText()).toBe('Registered');
    expect(await rowEl.innerText()).toContain('192.0.2.44:5060 (UDP)');
    const ua = page.getByTestId(`device-ua-${row.id}`);
    expect(await ua.innerText()).toBe(hostile);
    expect(await ua.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    await page.getByTestId(`device-remove-${row.id}`).click();
    await page.getByTestId('confirm-ok').click();
    await rowEl.waitFor({ state: 'detached', timeout: WAIT });
    expect(await sql(`SELECT id FROM sip_devices WHERE id = $1`, [row.id])).toEqual([]);
  });

  it('should show a Seller only their own phones, with no choice of user', async () => {
    const headApi = (await new Api(backend.url).login('head@example.com')).api;
    const bobs = await headApi.post('/api/devices', { userId: bobId, label: 'Bob only' });
    expect(bobs.status).toBe(201);
    const page = await logIn('alice@example.com');
    await page.getByTestId('nav-phones').click();
    await page.getByText('No desk phones yet.').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('devices-user-filter').count()).toBe(0);

    await page.getByTestId('add-device-button').click();
    expect(await page.getByTestId('device-form-user').count()).toBe(0);
    await page.getByTestId('device-form-label').fill('Alice desk');
    await page.getByTestId('device-form-submit').click();
    await page.getByTestId('device-settings').waitFor({ timeout: WAIT });
    await page.getByTestId('device-settings-done').click();
    const table = page.getByTestId('devices-table');
    await table.waitFor({ timeout: WAIT });
    const text = await table.innerText();
    expect(text).toContain('Alice desk');
    expect(text).not.toContain('Bob only');
  });
});
