import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { verifyWebhookSignature, WebhookReceiver } from '../support/webhook-receiver';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser } from './browser';

// Admin → Webhooks (issue 17): a Head creates a webhook in the browser, sees its secret once,
// sends a test event, reads the delivery log's response code, sends a delivery again, switches
// the webhook off; a private URL is refused with a message that says why.

const WAIT = 10_000;

describe('Admin → Webhooks', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let receiver: WebhookReceiver;
  let head: Api;
  const errors: string[] = [];

  beforeAll(async () => {
    receiver = await new WebhookReceiver().listen();
    receiver.behave = (path, res) => (path === '/teapot' ? res.writeHead(418).end('short and stout') : res.end('received'));
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    head = (await new Api(backend.url).login('head@example.com')).api;
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
    await receiver?.close();
  });

  afterEach(() => expect(errors).toEqual([]));

  it('should create a webhook with its secret shown once, log a test event with its code, redeliver it, and switch it off', async () => {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, LAPTOP);
    await page.goto(`${backend.url}/admin?tab=webhooks`);
    await page.getByTestId('webhooks-admin').waitFor({ timeout: WAIT });

    // a loopback URL without an allowed host is refused, with the reason
    await page.getByTestId('webhook-name').fill('ERP');
    await page.getByTestId('webhook-url').fill(receiver.url('/erp'));
    await page.getByTestId('webhook-event-deal.won').check();
    await page.getByTestId('webhook-create').click();
    await page.getByText(/refused: .*127\.0\.0\.1/).waitFor({ timeout: WAIT });
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);

    // allowed explicitly, it is created; the secret shows once
    await page.getByTestId('webhook-allowed-hosts').fill('127.0.0.1');
    await page.getByTestId('webhook-create').click();
    const secret = (await page.getByTestId('webhook-secret').textContent({ timeout: WAIT }))!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [hook] = (await head.get('/api/webhooks')).body;
    expect(hook).toMatchObject({ name: 'ERP', events: ['deal.created', 'deal.won'], enabled: true });
    const row = page.getByTestId(`webhook-row-${hook.id}`);
    await row.getByTestId('webhook-status').getByText('On').waitFor({ timeout: WAIT });
    await expectAccessible(page, 'Admin → Webhooks');

    // a test event: the receiver gets it signed, the log shows 200
    await row.getByTestId('webhook-log-toggle').click();
    const log = page.getByTestId(`webhook-log-${hook.id}`);
    await log.getByTestId('webhook-ping').click();
    const ping = await receiver.next((r) => r.path === '/erp' && r.body.includes('"webhook.ping"'), WAIT);
    expect(verifyWebhookSignature(ping.headers['callboard-signature'] as string, ping.body, secret)).toBe('ok');
    await log.getByTestId('webhook-attempt').filter({ hasText: '200' }).first().waitFor({ timeout: WAIT });

    // sent again from the log: the same event id reaches the receiver a second time
    await log.getByTestId('webhook-redeliver').first().click();
    const pingId = JSON.parse(ping.body).id;
    await receiver.next((r) => r !== ping && r.path === '/erp' && JSON.parse(r.body).id === pingId, WAIT);
    await log.getByTestId('webhook-attempt').nth(1).waitFor({ timeout: WAIT });
    expect(receiver.on('/erp').map((r) => JSON.parse(r.body).id)).toEqual([pingId, pingId]);

    // the secret is not shown again after a reload
    await page.reload();
    await page.getByTestId(`webhook-row-${hook.id}`).waitFor({ timeout: WAIT });
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);

    // switched off by the Head
    await page.getByTestId(`webhook-row-${hook.id}`).getByTestId('webhook-toggle').click();
    await page.getByTestId(`webhook-row-${hook.id}`).getByTestId('webhook-status').getByText('Off').waitFor({ timeout: WAIT });
    expect((await head.get('/api/webhooks')).body[0]).toMatchObject({ enabled: false, disabledReason: 'head' });
    await page.context().close();
  }, 90_000);

  it('should show a failing receiver’s status code in the log', async () => {
    const created = await head.post('/api/webhooks', { name: 'Teapot', url: receiver.url('/teapot'), events: ['deal.created'], allowedHosts: ['127.0.0.1'] });
    expect(created.status).toBe(201);
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, PHONE);
    await page.goto(`${backend.url}/admin?tab=webhooks`);
    await head.post('/api/deals', { title: 'Teapot deal' });
    const row = page.getByTestId(`webhook-row-${created.body.webhook.id}`);
    await row.getByTestId('webhook-log-toggle').click();
    const log = page.getByTestId(`webhook-log-${created.body.webhook.id}`);
    await log.getByTestId('webhook-attempt').filter({ hasText: '418' }).waitFor({ timeout: WAIT });
    await log.getByText('Retrying').waitFor({ timeout: WAIT });
    await expectNoSidewaysScroll(page, 'Admin → Webhooks on a phone');
    await page.context().close();
  }, 60_000);
});
