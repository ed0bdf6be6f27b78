import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser } from './browser';

// API keys (issue 17): a Head creates a key in Admin → API keys; it is shown once; an integration
// uses it as a plain HTTP client would (no browser, no session); the timeline names the key; the
// Head revokes it and the next request is refused.

const WAIT = 10_000;

describe('API keys', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  /** What an integration does: plain HTTP with the key, nothing else. */
  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${backend.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).then(async (res) => ({ status: res.status, body: (await res.json().catch(() => null)) as any }));

  it('should create a key shown once, let it work from outside the browser, and stop it when revoked', async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, LAPTOP);
    await page.goto(`${backend.url}/admin?tab=apiKeys`);
    await page.getByTestId('api-keys-admin').getByText('No API key yet.').waitFor({ timeout: WAIT });

    await page.getByTestId('api-key-new').click();
    await page.getByTestId('api-key-dialog').waitFor({ timeout: WAIT });
    await page.getByTestId('api-key-name').fill('Website sync');
    await page.getByTestId('api-key-access-write').check();
    await page.getByTestId('api-key-resource-deals').check();
    await expectAccessible(page, 'the new API key dialog');
    await page.getByTestId('api-key-create').click();

    const token = (await page.getByTestId('api-key-token').textContent({ timeout: WAIT }))!.trim();
    expect(token).toMatch(/^cbk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    await expectAccessible(page, 'the created API key');
    await page.getByTestId('api-key-done').click();

    // listed with its scopes, never its value again (not on this page, nor after a reload)
    const row = page.getByTestId('api-key-list').locator('tr', { hasText: 'Website sync' });
    await row.waitFor({ timeout: WAIT });
    expect(await row.getByTestId('api-key-scopes').textContent()).toBe('Read and write: Deals');
    expect(await row.getByTestId('api-key-last-used').textContent()).toBe('never');
    await page.reload();
    await row.waitFor({ timeout: WAIT });
    expect(await page.content()).not.toContain(token.slice(37));
    await expectAccessible(page, 'Admin → API keys');

    // the integration: reads every rep's deals and creates one; contacts are outside its scope
    const deals = await call(token, 'GET', '/api/deals');
    expect(deals.status).toBe(200);
    const made = await call(token, 'POST', '/api/deals', { title: 'Lead from the website' });
    expect(made.status).toBe(201);
    const contacts = await call(token, 'GET', '/api/contacts');
    expect({ status: contacts.status, code: contacts.body.code }).toEqual({ status: 403, code: 'API_KEY_SCOPE_MISSING' });

    // the deal's history names the key
    await page.goto(`${backend.url}/deals/${made.body.id}`);
    await page.getByTestId('deal-timeline').getByText('API key “Website sync”', { exact: false }).first().waitFor({ timeout: WAIT });

    // last used is shown once the key has been used
    await page.goto(`${backend.url}/admin?tab=apiKeys`);
    await row.waitFor({ timeout: WAIT });
    expect(await row.getByTestId('api-key-last-used').textContent()).not.toBe('never');

    // revoked with confirmation: the next request is refused
    await row.getByTestId('api-key-revoke').click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('toast').getByText('API key “Website sync” revoked').waitFor({ timeout: WAIT });
    await row.getByTestId('api-key-status').getByText('Revoked').waitFor({ timeout: WAIT });
    const after = await call(token, 'GET', '/api/deals');
    expect({ status: after.status, code: after.body.code }).toEqual({ status: 401, code: 'API_KEY_REVOKED' });
    await page.context().close();
  }, 90_000);

  it("should fit a phone's width: the dialog with a new key, and the list of keys", async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, PHONE);
    await page.goto(`${backend.url}/admin?tab=apiKeys`);
    await page.getByTestId('api-key-new').click();
    await page.getByTestId('api-key-name').fill('Data warehouse export with a long name');
    for (const r of ['deals', 'contacts', 'calls', 'tasks', 'offers', 'orders', 'reports']) await page.getByTestId(`api-key-resource-${r}`).check();
    await page.getByTestId('api-key-create').click();
    await page.getByTestId('api-key-token').waitFor({ timeout: WAIT });
    await expectNoSidewaysScroll(page, 'a new API key on a phone');
    await page.getByTestId('api-key-done').click();
    await page.getByTestId('api-key-list').getByText('Data warehouse export with a long name').waitFor({ timeout: WAIT });
    await expectNoSidewaysScroll(page, 'Admin → API keys on a phone');
    await expectAccessible(page, 'Admin → API keys on a phone');
    await page.context().close();
  }, 60_000);
});
