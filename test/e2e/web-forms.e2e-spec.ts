import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { launchBrowser, signedInPage, type TestBrowser } from './browser';

// Issue 17 part 5: a Head makes a web form in Admin, the snippet goes on a page served on another
// loopback port, a visitor sends it, and the lead appears live on the Head's board in Unsorted with
// its UTM tags. A page on a port the form does not list is refused; the honeypot keeps a bot out;
// a second enquiry from the same number lands on the open deal. (Rate limits: web-forms.int-spec.)

const WAIT = 15_000;

/** A tiny web site on its own loopback port: /landing holds the snippet, /thanks is the thank-you page. */
async function site(snippet: () => string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (path === '/landing') res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Landing</title></head><body><h1>Ask us</h1>${snippet()}</body></html>`);
    else if (path === '/thanks') res.end('<!doctype html><title>Thanks</title><h1 id="thanks">Thanks page</h1>');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('Web-form leads', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  let snippet = '';
  let listed: { origin: string; server: Server };
  let unlisted: { origin: string; server: Server };
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    head = (await new Api(backend.url).login('head@example.com')).api;
    listed = await site(() => snippet);
    unlisted = await site(() => snippet);
  }, 90_000);

  afterAll(async () => {
    listed?.server.close();
    unlisted?.server.close();
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  const webFormDeals = async () => ((await head.get('/api/deals?source=web_form&limit=200')).body.items as { id: string; title: string }[]);

  async function visit(origin: string, query: string): Promise<Page> {
    const visitor = await chromium.newPage();
    await visitor.goto(`${origin}/landing${query}`);
    await visitor.locator('form[data-callboard-form]').waitFor({ timeout: WAIT });
    return visitor;
  }

  async function fill(visitor: Page, f: { name: string; phone: string; email: string; message: string }) {
    await visitor.locator('input[name="name"]').fill(f.name);
    await visitor.locator('input[name="phone"]').fill(f.phone);
    await visitor.locator('input[name="email"]').fill(f.email);
    await visitor.locator('textarea[name="message"]').fill(f.message);
  }

  it('should let a Head make a form whose snippet, on another site, puts the lead live on the board with its UTM tags', async () => {
    const headPage = await signedInPage(chromium, backend.url, 'head@example.com', errors);
    await headPage.goto(`${backend.url}/admin?tab=webForms`);
    await headPage.getByTestId('web-form-add').click();
    await headPage.getByTestId('web-form-name').fill('Website enquiry');
    await headPage.getByTestId('web-form-redirect').fill(`${listed.origin}/thanks`);
    await headPage.getByTestId('web-form-origins').fill(`${listed.origin}/`);
    await headPage.getByTestId('web-form-save').click();
    const code = headPage.getByTestId('web-form-snippet');
    await code.waitFor({ timeout: WAIT });
    snippet = await code.inputValue();
    expect(snippet).toContain(`${backend.url}/api/forms/`);
    await headPage.keyboard.press('Escape');

    await headPage.goto(`${backend.url}/board`);
    await headPage.getByTestId('board').waitFor({ timeout: WAIT });
    const visitor = await visit(listed.origin, '?utm_source=newsletter&utm_medium=email&utm_campaign=winter');
    await fill(visitor, { name: 'Zsófia Ügyfél', phone: '06 20 555 0101', email: 'zsofia@example.com', message: 'Kérek egy <b>ajánlatot</b>' });
    await visitor.getByRole('button', { name: 'Send' }).click();
    await visitor.locator('#thanks').waitFor({ timeout: WAIT });

    const [deal] = await webFormDeals();
    const card = headPage.getByTestId(`deal-card-${deal!.id}`);
    await card.waitFor({ timeout: WAIT });
    expect(await card.getByTestId('card-utm').textContent()).toBe('newsletter · email · winter');
    expect(await card.textContent()).toContain('Zsófia Ügyfél');
    const full = (await head.get(`/api/deals/${deal!.id}`)).body;
    expect(full.leadDetails).toMatchObject({ formName: 'Website enquiry', pageUrl: `${listed.origin}/landing?utm_source=newsletter&utm_medium=email&utm_campaign=winter` });
    const unsorted = (await head.get('/api/pipelines')).body[0].stages.find((s: { name: string }) => s.name === 'Unsorted').id;
    expect(full).toMatchObject({ stageId: unsorted, ownerId: null, source: 'web_form', contactPhone: '+36205550101' });
  }, 90_000);

  it('should land a second enquiry from the same number on the open deal, not a new card', async () => {
    const before = await webFormDeals();
    const visitor = await visit(listed.origin, '');
    await fill(visitor, { name: 'Zsófia again', phone: '+36 20 555 0101', email: 'zsofia@example.com', message: 'Any news?' });
    await visitor.getByRole('button', { name: 'Send' }).click();
    await visitor.locator('#thanks').waitFor({ timeout: WAIT });
    expect(await webFormDeals()).toHaveLength(before.length);
    const events = (await head.get(`/api/deals/${before[0]!.id}/events`)).body as { type: string; data: { message?: string } }[];
    expect(events.filter((e) => e.type === 'web_form').map((e) => e.data.message)).toEqual(['Any news?', 'Kérek egy <b>ajánlatot</b>']);
  }, 60_000);

  it('should keep out a bot that fills the hidden field, and a site the form does not list', async () => {
    const before = (await webFormDeals()).length;
    const bot = await visit(listed.origin, '');
    await fill(bot, { name: 'Bot', phone: '+36205550199', email: 'bot@example.com', message: 'cheap pills' });
    await bot.locator('input[name="website_url"]').evaluate((el: HTMLInputElement) => (el.value = 'http://spam.example'));
    await bot.getByRole('button', { name: 'Send' }).click();
    // a bot is told it worked
    await bot.locator('#thanks').waitFor({ timeout: WAIT });

    const other = await visit(unlisted.origin, '');
    await fill(other, { name: 'Elsewhere', phone: '+36205550198', email: 'else@example.com', message: 'from another site' });
    const answer = other.waitForResponse((r) => r.url().includes('/api/forms/'));
    await other.getByRole('button', { name: 'Send' }).click();
    expect((await answer).status()).toBe(403);

    expect(await webFormDeals()).toHaveLength(before);
    const forms = (await head.get('/api/web-forms')).body as { stats: { created: number; attached: number; spam: number } }[];
    expect(forms[0]!.stats).toEqual(expect.objectContaining({ created: 1, attached: 1, spam: 1 }));
  }, 60_000);
});
