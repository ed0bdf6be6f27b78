import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { launchBrowser, signedInPage, type TestBrowser } from './browser';

// Issue 17 part 6: the Unsorted inbox's actions in the browser. Leads come from missed trunk calls
// sent as the bridge sends them (POST /api/internal/call-events); the rules behind each action are
// covered by backend/test/inbox.int-spec.ts.

const WAIT = 15_000;

describe('Unsorted inbox actions', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let pbx: Api;
  let head: Api;
  let ids: { alice: string };
  const errors: string[] = [];
  let seq = 0;

  async function db<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: backend.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** A missed call from `number`: a lead in Unsorted. Its deal id. */
  async function missedLead(number: string, name: string): Promise<string> {
    const callId = `${randomUUID()}@trunk`;
    const at = () => new Date().toISOString();
    const origin = () => ({ pbx: 'test', boot: 'inbox-e2e', seq: ++seq });
    const res = await pbx.post('/api/internal/call-events', {
      events: [
        { callId, type: 'offered', origin: origin(), at: at(), direction: 'inbound', from: number, fromName: name, to: '+3612345678' },
        { callId, type: 'missed', origin: origin(), at: at(), reason: 'no_answer' },
      ],
    });
    expect(res.status).toBe(200);
    const [row] = await db(`SELECT deal_id FROM calls WHERE sip_call_id = $1`, [callId]);
    return row.deal_id;
  }

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    pbx = new Api(backend.url, backend.env.PBX_SERVICE_TOKEN);
    const h = await new Api(backend.url).login('head@example.com');
    head = h.api;
    ids = { alice: (await new Api(backend.url).login('alice@example.com')).user.id };
  }, 90_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  const openDeal = async (page: Page, id: string) => {
    await page.goto(`${backend.url}/deals/${id}`);
    await page.getByTestId('deal-inbox-actions').waitFor({ timeout: WAIT });
  };

  it('should let Alice accept a lead: hers, in New', async () => {
    const dealId = await missedLead('+36301230001', 'Ada Accept');
    const alice = await signedInPage(chromium, backend.url, 'alice@example.com', errors);
    await openDeal(alice, dealId);
    await alice.getByTestId('deal-inbox-accept').click();
    await alice.getByTestId('deal-inbox-actions').waitFor({ state: 'detached', timeout: WAIT });
    expect(await alice.getByTestId('deal-owner').textContent()).toContain('Alice');
    expect((await head.get(`/api/deals/${dealId}`)).body).toMatchObject({ ownerId: ids.alice, stageId: expect.any(String) });
    const [row] = await db(`SELECT s.system_key FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.id = $1`, [dealId]);
    expect(row.system_key).toBe('new');
  }, 60_000);

  it('should let Bob decline a lead as spam, count it on the board, and let the Head restore it', async () => {
    const dealId = await missedLead('+36301230002', '<b>WIN A PRIZE</b>');
    const bob = await signedInPage(chromium, backend.url, 'bob@example.com', errors);
    const headPage = await signedInPage(chromium, backend.url, 'head@example.com', errors);
    await headPage.getByTestId(`deal-card-${dealId}`).waitFor({ timeout: WAIT });

    await openDeal(bob, dealId);
    await bob.getByTestId('deal-inbox-spam').click();
    await bob.getByTestId('confirm-dialog').getByRole('button', { name: 'Decline as spam' }).click();
    await bob.getByTestId('board').waitFor({ timeout: WAIT });
    const count = bob.getByTestId('inbox-declined');
    await count.waitFor({ timeout: WAIT });
    expect(await count.textContent()).toContain('1 lead declined as spam this week');
    // a Seller sees the count, not the list
    expect(await count.evaluate((el) => el.tagName)).toBe('P');

    // the Head's open board drops the card live, and shows the count as a button
    await headPage.getByTestId(`deal-card-${dealId}`).waitFor({ state: 'detached', timeout: WAIT });
    await headPage.getByTestId('inbox-declined').click();
    const row = headPage.getByTestId(`declined-${dealId}`);
    await row.waitFor({ timeout: WAIT });
    // the caller's name is text, never markup
    expect(await row.locator('b').count()).toBe(0);
    expect(await row.textContent()).toContain('<b>WIN A PRIZE</b>');
    expect(await row.textContent()).toContain('Bob Seller');
    await headPage.getByTestId(`declined-restore-${dealId}`).click();
    await headPage.keyboard.press('Escape');
    await headPage.getByTestId(`deal-card-${dealId}`).waitFor({ timeout: WAIT });
    await headPage.getByTestId('inbox-declined').waitFor({ state: 'detached', timeout: WAIT });
  }, 60_000);

  it("should let Alice merge a second lead into the contact's deal she already has", async () => {
    const first = await missedLead('+36301230003', 'Mia Merge');
    expect((await head.post(`/api/deals/${first}/accept`, { ownerId: ids.alice })).status).toBe(200);
    const [c] = await db(`SELECT contact_id FROM deals WHERE id = $1`, [first]);
    const pipelines = (await head.get('/api/pipelines')).body;
    const unsorted = pipelines[0].stages.find((s: { name: string }) => s.name === 'Unsorted').id;
    const lead = (await head.post('/api/deals', { title: 'Mia asks again', ownerId: null, stageId: unsorted, contactId: c.contact_id })).body.id;

    const alice = await signedInPage(chromium, backend.url, 'alice@example.com', errors);
    await openDeal(alice, lead);
    await alice.getByTestId('deal-inbox-merge').click();
    const dialog = alice.getByTestId('deal-merge-dialog');
    await dialog.getByTestId('deal-merge-target').locator(`option[value="${first}"]`).waitFor({ state: 'attached', timeout: WAIT });
    // only the contact's other open deal is offered, not the lead itself
    expect(await dialog.getByTestId('deal-merge-target').locator('option').count()).toBe(2);
    await dialog.getByTestId('deal-merge-target').selectOption(first);
    await dialog.getByTestId('deal-merge-confirm').click();
    await alice.waitForURL(`**/deals/${first}`, { timeout: WAIT });
    await alice.getByText('merged the lead').first().waitFor({ timeout: WAIT });
    expect((await head.get(`/api/deals/${lead}`)).status).toBe(404);
  }, 60_000);
});
