import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { eventually, LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser, type Viewport } from './browser';

// Issue 13 items 3, 4, 6 (calls) and 8 (live record pages), in a real browser at a laptop's and a
// phone's size: the deal page (stage steps, Won/Lost, Head-only Delete, Take it, contact link,
// the work above the fold), a call that ends showing up without a reload, the contact page and
// the calls page. No telephony here: calls are driven through the internal call-events API.

const WAIT = 10_000;
const SIZES: [string, Viewport][] = [
  ['laptop', LAPTOP],
  ['phone', PHONE],
];

describe('Deal, contact and calls pages', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  let alice: Api;
  let pbx: Api;
  let ids: { alice: string };
  let stage: Record<string, string>;
  let seq = 0;
  const pageErrors: string[] = [];

  const open = async (email: string, path: string, viewport: Viewport = LAPTOP) => {
    const page = await signedInPage(chromium, backend.url, email, pageErrors, WAIT, viewport);
    await page.goto(`${backend.url}${path}`);
    return page;
  };
  const dealPage = async (email: string, dealId: string, viewport: Viewport = LAPTOP) => {
    const page = await open(email, `/deals/${dealId}`, viewport);
    await page.getByTestId('deal-page').waitFor({ timeout: WAIT });
    return page;
  };
  /** axe on this page's own content (the top bar and softphone are the shell's, checked in its own specs); no sideways scroll on the whole page. */
  const checks = async (page: Page, where: string, content: string) => {
    await expectAccessible(page, where, content);
    await expectContentFits(page, where, content);
    await expectNoSidewaysScroll(page, where);
  };
  /** Nothing in this page's own content reaches past the viewport's sides (the shell aside). */
  const expectContentFits = async (page: Page, where: string, content: string) => {
    const out = await page.evaluate((selector) => {
      const vw = window.innerWidth;
      return Array.from(document.querySelectorAll<HTMLElement>(`${selector}, ${selector} *`))
        .filter((el) => el.getBoundingClientRect().width > 0 && (el.getBoundingClientRect().right > vw + 1 || el.getBoundingClientRect().left < -1))
        .slice(0, 8)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ').join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
    }, content);
    expect({ where, out }).toEqual({ where, out: [] });
  };
  const DEAL = '[data-testid="deal-page"]';
  const CONTACT = '[data-testid="contact-page"]';
  const CALLS = '[data-testid="call-history"]';

  const ev = (callId: string, type: string, fields: Record<string, unknown>, at: Date) => ({
    callId,
    type,
    origin: { pbx: 'e2e', boot: 'deal-page', seq: ++seq },
    at: at.toISOString(),
    ...fields,
  });
  /** One inbound call from `from`, answered by Alice (extension 1001) and ended `durationSec` later; returns its Call-ID. */
  async function answeredCall(from: string, durationSec: number): Promise<string> {
    const callId = `${randomUUID()}@trunk`;
    const t0 = new Date(Date.now() - (durationSec + 5) * 1000);
    const res = await pbx.post('/api/internal/call-events', {
      events: [
        ev(callId, 'offered', { direction: 'inbound', from, fromName: null, to: '+3612345678' }, t0),
        ev(callId, 'ringing', { extension: '1001' }, t0),
        ev(callId, 'answered', { extension: '1001' }, new Date(t0.getTime() + 2000)),
      ],
    });
    expect(res.status).toBe(200);
    return callId;
  }
  async function endCall(callId: string, durationSec: number) {
    const res = await pbx.post('/api/internal/call-events', { events: [ev(callId, 'ended', { hangupBy: 'caller' }, new Date(Date.now() + durationSec * 1000))] });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    const anon = new Api(backend.url);
    const [h, a] = await Promise.all([anon.login('head@example.com'), anon.login('alice@example.com')]);
    head = h.api;
    alice = a.api;
    ids = { alice: a.user.id };
    // Alice's pages watch calls she answers arrive: her browser must stay on the page it shows
    // (opening the deal on answer is deal-on-answer.e2e-spec's)
    expect((await alice.request('PATCH', '/api/auth/preferences', { openDealOnAnswer: false })).status).toBe(200);
    pbx = new Api(backend.url, backend.env.PBX_SERVICE_TOKEN);
    const pipelines = (await head.get('/api/pipelines')).body;
    stage = Object.fromEntries(pipelines[0].stages.map((s: { name: string; id: string }) => [s.name, s.id]));
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    pageErrors.length = 0;
  });

  for (const [size, viewport] of SIZES) {
    it(`should show a Seller no Delete (the API refuses it too), the stage steps, and the work above the fold (${size})`, async () => {
      const contact = (await alice.post('/api/contacts', { name: `Kiss Anna ${size}`, phones: [{ number: size === 'laptop' ? '+36 30 111 0001' : '+36 30 111 0002' }] })).body;
      const deal = (await alice.post('/api/deals', { title: `Boiler ${size}`, amount: '1234.50', currency: 'EUR', stageId: stage['New'], contactId: contact.id })).body;
      const page = await dealPage('alice@example.com', deal.id, viewport);
      await page.getByTestId('stage-progress').waitFor({ timeout: WAIT });
      expect(await page.getByTestId('deal-delete').count()).toBe(0);
      const refused = await alice.delete(`/api/deals/${deal.id}`);
      expect({ status: refused.status, message: refused.body.message }).toEqual({ status: 403, message: expect.stringMatching(/only a head/i) });
      // the amount through the locale's formatting, not "1234.50"
      expect(await page.getByTestId('deal-amount').textContent()).toMatch(/1[,.\s\u202f\u00a0]?234[.,]50/);
      // the current stage is marked as the step; won/lost are not steps
      const current = page.locator('[data-testid="stage-step"][aria-current="step"]');
      expect(await current.getAttribute('data-stage-id')).toBe(stage['New']);
      expect(await page.locator(`[data-testid="stage-step"][data-stage-id="${stage['Won']}"]`).count()).toBe(0);
      if (size === 'laptop') {
        // next task and notes are above the fold at 1440×900
        for (const heading of ['#deal-tasks-heading', '#deal-activities-heading']) {
          const box = await page.locator(heading).boundingBox();
          expect({ heading, top: box && box.y < viewport.height }).toEqual({ heading, top: true });
        }
      }
      await checks(page, `deal page, Seller, ${size}`, DEAL);
      // one click moves it, by keyboard too
      await page.locator(`[data-testid="stage-step"][data-stage-id="${stage['In progress']}"]`).click();
      await eventually(async () => (await alice.get(`/api/deals/${deal.id}`)).body.stageId, (s) => s === stage['In progress'], 'the deal to move to In progress');
      await page.locator('[data-testid="stage-step"][aria-current="step"]').getByText('In progress').waitFor({ timeout: WAIT });
      await page.locator(`[data-testid="stage-step"][data-stage-id="${stage['Initial contact']}"]`).focus();
      await page.keyboard.press('Enter');
      await eventually(async () => (await alice.get(`/api/deals/${deal.id}`)).body.stageId, (s) => s === stage['Initial contact'], 'the deal to move by keyboard');
      // the contact's name opens the contact page
      await page.getByTestId('deal-page').getByTestId('contact-link').first().click();
      await page.getByTestId('contact-page').waitFor({ timeout: WAIT });
      expect(page.url()).toContain(`/contacts/${contact.id}`);
      await page.close();
    });
  }

  it('should show the expected close date and keep a new one picked on the page after a reload', async () => {
    const deal = (await alice.post('/api/deals', { title: 'Close me in March', stageId: stage['New'] })).body;
    expect(deal.expectedCloseOn).toMatch(/^\d{4}-\d{2}-\d{2}$/); // the creation day + 30 (the team's default)
    const page = await dealPage('alice@example.com', deal.id);
    const field = page.getByTestId('deal-expected-close');
    expect(await field.inputValue()).toBe(deal.expectedCloseOn);
    const year = deal.expectedCloseOn.slice(0, 4);
    expect(await page.getByTestId('deal-expected-close-text').textContent()).toContain(year);

    await field.fill('2027-03-15');
    await page.getByTestId('toast').getByText(/Expected to close on .*2027/).waitFor({ timeout: WAIT });
    expect((await alice.get(`/api/deals/${deal.id}`)).body.expectedCloseOn).toBe('2027-03-15');
    await page.reload();
    await page.getByTestId('deal-page').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('deal-expected-close').inputValue()).toBe('2027-03-15');
    // written out as that day (not the day before west of UTC): "Mar 15, 2027" / "15 Mar 2027"
    expect(await page.getByTestId('deal-expected-close-text').textContent()).toMatch(/15.*2027|2027.*15/);
    await page.close();
  });

  it('should let a Seller accept an unowned lead from its page (hers, in New)', async () => {
    const lead = (await head.post('/api/deals', { title: 'Unowned lead', ownerId: null, stageId: stage['Unsorted'] })).body;
    const page = await dealPage('alice@example.com', lead.id, PHONE);
    expect(await page.getByTestId('deal-owner').textContent()).toBe('Unassigned');
    await checks(page, 'unowned deal, Seller, phone', DEAL);
    await page.getByTestId('deal-inbox-accept').click();
    await eventually(() => page.getByTestId('deal-owner').textContent(), (t) => t === 'Alice Seller', 'the owner to become Alice');
    expect((await alice.get(`/api/deals/${lead.id}`)).body).toMatchObject({ ownerId: ids.alice, stageId: stage['New'] });
    await page.getByTestId('deal-inbox-actions').waitFor({ state: 'detached', timeout: WAIT });
    await page.close();
  });

  it('should close a deal as won and another as lost, and let only a Head delete one after confirming', async () => {
    const [winner, loser] = await Promise.all(['Win me', 'Lose me'].map(async (title) => (await alice.post('/api/deals', { title, stageId: stage['New'] })).body));
    const page = await dealPage('alice@example.com', winner.id);
    await page.getByTestId('deal-won').click();
    await page.getByTestId('deal-status').getByText('Won').waitFor({ timeout: WAIT });
    expect((await alice.get(`/api/deals/${winner.id}`)).body).toMatchObject({ status: 'won', stageId: stage['Won'] });
    expect(await page.getByTestId('deal-won').count()).toBe(0);

    await page.goto(`${backend.url}/deals/${loser.id}`);
    await page.getByTestId('close-lost').click();
    const dialog = page.getByTestId('close-lost-dialog');
    await dialog.getByTestId('close-lost-reason').selectOption('competitor');
    await dialog.getByTestId('close-lost-submit').click();
    await page.getByTestId('deal-status').getByText('Lost').waitFor({ timeout: WAIT });
    expect((await alice.get(`/api/deals/${loser.id}`)).body.status).toBe('lost');
    await page.close();

    const headPage = await dealPage('head@example.com', loser.id);
    await checks(headPage, 'deal page, Head, laptop', DEAL);
    await headPage.getByTestId('deal-delete').click();
    await headPage.getByRole('alertdialog').getByRole('button', { name: 'Delete deal' }).click();
    await headPage.getByTestId('board').waitFor({ timeout: WAIT });
    expect((await head.get(`/api/deals/${loser.id}`)).status).toBe(404);
    await headPage.close();
  });

  it('should show a call that ends on the open deal page without a reload', async () => {
    const contact = (await alice.post('/api/contacts', { name: 'Live Caller', phones: [{ number: '+36 30 222 0001' }] })).body;
    const deal = (await alice.post('/api/deals', { title: 'Live deal', stageId: stage['New'], contactId: contact.id })).body;
    const callId = await answeredCall('+36302220001', 30);
    const page = await dealPage('alice@example.com', deal.id);
    await page.getByTestId('deal-timeline').waitFor({ timeout: WAIT });
    expect(await page.locator('[data-testid="timeline-item"][data-event-type="call"]').count()).toBe(0);
    const headPage = await dealPage('head@example.com', deal.id);
    await headPage.getByTestId('deal-timeline').waitFor({ timeout: WAIT });
    await endCall(callId, 30);
    for (const p of [page, headPage]) await p.locator('[data-testid="timeline-item"][data-event-type="call"]').first().waitFor({ timeout: WAIT });
    await page.close();
    await headPage.close();
  });

  it('should page through a long calls list with "Show older calls"', async () => {
    // 55 missed calls from one number, a second apart, in one batch
    const t0 = Date.now() - 3_600_000;
    const events = Array.from({ length: 55 }, (_, i) => {
      const callId = `${randomUUID()}@paged`;
      const at = new Date(t0 + i * 1000);
      return [
        ev(callId, 'offered', { direction: 'inbound', from: '+36305550055', fromName: null, to: '+3612345678' }, at),
        ev(callId, 'missed', { reason: 'caller_cancelled' }, at),
        ev(callId, 'ended', { hangupBy: 'caller' }, at),
      ];
    }).flat();
    expect((await pbx.post('/api/internal/call-events', { events })).status).toBe(200);
    const page = await open('head@example.com', '/calls?kind=missed');
    await page.getByTestId('calls-row').first().waitFor({ timeout: WAIT });
    expect(await page.getByTestId('calls-row').count()).toBe(50);
    await page.getByTestId('calls-more').click();
    await eventually(() => page.getByTestId('calls-row').count(), (n) => n > 50, 'the next page of calls');
    const ids = await page.getByTestId('calls-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-call-id')));
    expect(new Set(ids).size).toBe(ids.length);
    await page.close();
  });

  for (const [size, viewport] of SIZES) {
    it(`should show a contact's deals and calls with their outcomes on the contact page (${size})`, async () => {
      const number = size === 'laptop' ? '+36 30 333 0001' : '+36 30 333 0002';
      const contact = (await alice.post('/api/contacts', { name: `Tóth Gábor ${size}`, company: 'Árvíztűrő Kft', phones: [{ number }] })).body;
      await alice.post('/api/deals', { title: `Heat pump ${size}`, amount: '990', stageId: stage['New'], contactId: contact.id });
      const page = await open('alice@example.com', `/contacts/${contact.id}`, viewport);
      await page.getByTestId('contact-deals').getByText(`Heat pump ${size}`).waitFor({ timeout: WAIT });
      await page.getByTestId('contact-calls').or(page.getByTestId('calls-empty')).first().waitFor({ timeout: WAIT });
      // a call that ends shows here without a reload, with a human outcome and the rep
      const callId = await answeredCall(number.replace(/\s/g, ''), 42);
      await endCall(callId, 42);
      const row = page.getByTestId('contact-calls').getByTestId('calls-row').first();
      await row.waitFor({ timeout: WAIT });
      expect(await row.getByTestId('calls-outcome').textContent()).toBe('Answered');
      expect(await row.getByTestId('calls-rep-name').textContent()).toBe('Alice Seller');
      // and a new deal for the contact too
      await alice.post('/api/deals', { title: `Second boiler ${size}`, stageId: stage['New'], contactId: contact.id });
      await page.getByTestId('contact-deals').getByText(`Second boiler ${size}`).waitFor({ timeout: WAIT });
      await page.getByTestId('contact-phone').getByTestId('click-to-call').waitFor({ timeout: WAIT });
      await page.getByTestId('sales-profile').waitFor({ timeout: WAIT });
      await page.getByTestId('contact-timeline').waitFor({ timeout: WAIT });
      await checks(page, `contact page, ${size}`, CONTACT);
      await page.close();
    });

    it(`should show the calls page with reps, human outcomes and call-back, and say whose calls it shows (${size})`, async () => {
      // a missed call too, so a raw code would show if it could
      const missed = `${randomUUID()}@trunk`;
      const t0 = new Date(Date.now() - 60_000);
      await pbx.post('/api/internal/call-events', {
        events: [
          ev(missed, 'offered', { direction: 'inbound', from: '+36304440001', fromName: null, to: '+3612345678' }, t0),
          ev(missed, 'ringing', { extension: '1001' }, t0),
          ev(missed, 'missed', { reason: 'no_answer' }, new Date(t0.getTime() + 20_000)),
          ev(missed, 'ended', { hangupBy: 'caller' }, new Date(t0.getTime() + 20_000)),
        ],
      });
      const page = await open('head@example.com', '/calls', viewport);
      await page.getByTestId('calls-row').first().waitFor({ timeout: WAIT });
      expect(await page.getByTestId('calls-showing').textContent()).toBe("Showing everyone's calls.");
      const outcomes = await page.getByTestId('calls-outcome').allTextContents();
      expect(outcomes).toContain('Missed: nobody answered');
      expect(outcomes.some((o) => /[a-z]+_[a-z]+|\(/.test(o))).toBe(false);
      expect(await page.getByTestId('calls-rep-name').allTextContents()).toContain('Alice Seller');
      expect(await page.getByTestId('calls-row').first().getByTestId('click-to-call').count()).toBe(1);
      await checks(page, `calls page, Head, ${size}`, CALLS);
      // the Head picks a rep, and the page says so
      await page.getByTestId('calls-rep').selectOption({ label: 'Alice Seller' });
      await eventually(() => page.getByTestId('calls-showing').textContent(), (t) => t === 'Showing the calls Alice Seller took or placed.', 'the filter to name Alice');
      await page.close();

      const seller = await open('alice@example.com', '/calls', viewport);
      await seller.getByTestId('calls-row').first().waitFor({ timeout: WAIT });
      expect(await seller.getByTestId('calls-showing').textContent()).toMatch(/your deals and the inbox/);
      if (size === 'phone') {
        // stacked cards: each row is as wide as the page, not a squeezed table row
        const box = await seller.getByTestId('calls-row').first().boundingBox();
        expect(box && box.width > viewport.width * 0.8).toBe(true);
      }
      await checks(seller, `calls page, Seller, ${size}`, CALLS);
      await seller.close();
    });
  }
});
