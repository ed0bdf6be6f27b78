import { randomUUID } from 'node:crypto';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { launchBrowser, signedInPage, type TestBrowser } from './browser';

// Issue 13: the top bar's search in a real browser. "4433" and "toth" find Tóth Gábor; the result
// opens his contact page with his deals and calls; a Seller never sees another Seller's contact in results.

const WAIT = 10_000;

describe('Global search in the browser', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let tothId: string;
  const pageErrors: string[] = [];

  const logIn = (email: string) => signedInPage(chromium, backend.url, email, pageErrors, WAIT);

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    const anon = new Api(backend.url);
    const [a, b] = await Promise.all([anon.login('alice@example.com'), anon.login('bob@example.com')]);
    const pipelines = (await a.api.get('/api/pipelines')).body;
    const newStage = pipelines[0].stages.find((s: { name: string }) => s.name === 'New').id;
    const toth = await a.api.post('/api/contacts', { name: 'Tóth Gábor', company: 'Árvíztűrő Kft', phones: [{ number: '+36 20 444 3322' }] });
    tothId = toth.body.id;
    expect((await a.api.post('/api/deals', { title: 'Fűtéskorszerűsítés', stageId: newStage, contactId: tothId })).status).toBe(201);
    await b.api.post('/api/contacts', { name: 'Tóthné Bob Ilona', phones: [{ number: '+36 30 999 4433' }] });
    // Tóth Gábor called and Alice (extension 1001) answered: the call is on his page
    const pbx = new Api(backend.url, backend.env.PBX_SERVICE_TOKEN);
    const callId = `${randomUUID()}@trunk`;
    const t0 = Date.now() - 120_000;
    const ev = (type: string, at: number, fields: Record<string, unknown>, seq: number) => ({ callId, type, origin: { pbx: 'e2e', boot: 'search', seq }, at: new Date(at).toISOString(), ...fields });
    const calls = await pbx.post('/api/internal/call-events', {
      events: [
        ev('offered', t0, { direction: 'inbound', from: '+36204443322', fromName: null, to: '+3612345678' }, 1),
        ev('ringing', t0, { extension: '1001' }, 2),
        ev('answered', t0 + 2000, { extension: '1001' }, 3),
        ev('ended', t0 + 62_000, { hangupBy: 'caller' }, 4),
      ],
    });
    expect(calls.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  it('should find Tóth Gábor by "4433" and by "toth" (Ctrl+K), and open his page with his deals', async () => {
    const page = await logIn('alice@example.com');
    const input = page.getByTestId('global-search-input');
    await input.fill('4433');
    await page.getByTestId('search-hit-contact').filter({ hasText: 'Tóth Gábor' }).waitFor({ timeout: WAIT });
    await input.fill('');
    await page.getByTestId('board').click();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('toth');
    const hit = page.getByTestId('search-hit-contact').filter({ hasText: 'Tóth Gábor' });
    await hit.waitFor({ timeout: WAIT });
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    const listed = await page.getByTestId('search-hit-contact').allTextContents();
    // Bob's contact (also "Tóth…") is not Alice's to see
    expect({ focused, bob: listed.some((t) => t.includes('Bob Ilona')) }).toEqual({ focused: 'global-search-input', bob: false });
    await page.keyboard.press('Enter');
    await page.getByTestId('contact-page').waitFor({ timeout: WAIT });
    expect(page.url()).toContain(`/contacts/${tothId}`);
    expect(await page.getByTestId('contact-name').textContent()).toBe('Tóth Gábor');
    await page.getByTestId('contact-deals').getByText('Fűtéskorszerűsítés').waitFor({ timeout: WAIT });
    await page.getByTestId('contact-calls').locator('[data-testid="calls-row"][data-outcome="completed"]').waitFor({ timeout: WAIT });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it("should not list another Seller's contact for 4433", async () => {
    const page = await logIn('alice@example.com');
    await page.getByTestId('global-search-input').fill('4433');
    await page.getByTestId('search-hit-contact').first().waitFor({ timeout: WAIT });
    const texts = await page.getByTestId('search-hit-contact').allTextContents();
    expect(texts.some((t) => t.includes('Tóth Gábor'))).toBe(true);
    expect(texts.some((t) => t.includes('Bob Ilona'))).toBe(false);
    await page.close();
  });
});
