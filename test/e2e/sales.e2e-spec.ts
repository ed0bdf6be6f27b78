import type { Page } from 'playwright-core';
import type { Deal, Notification, Offer, Rule, RuleRun, Task } from '@callboard/contracts';
import { Api, defaultPipeline } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { dragCard, eventually, launchBrowser, type TestBrowser } from './browser';

// The sales process in a real browser: what a Seller does moves the deal, and a Head's rule edit
// changes when the automation acts (the server's clock is moved through the test-only route).

const WAIT = 10_000;
const MINUTE = 60_000;

describe('Sales process in the browser', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  let alice: Api;
  let internal: Api;
  let pipelineId: string;
  let stage: Record<'Unsorted' | 'New' | 'In progress' | 'Serious prospect' | 'Won' | 'Lost', string>;
  const pageErrors: string[] = [];

  async function logIn(email: string): Promise<Page> {
    const page = await chromium.newPage();
    page.on('dialog', (d) => void d.dismiss());
    page.on('pageerror', (e) => pageErrors.push(`${email}: ${e.message}`));
    await page.goto(`${backend.url}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill('callboard');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('board').waitFor({ timeout: WAIT });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: WAIT });
    return page;
  }

  /** Set once; still there later only if the page was never reloaded. */
  const markNoReload = (page: Page) => page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

  async function ok<T>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
    const res = await p;
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Moves the server's clock on, then runs a scheduler pass (due timers fire now). */
  async function advance(ms: number) {
    await ok(internal.post('/api/internal/test/clock', { advanceMs: ms }), 'clock');
    await ok(internal.post('/api/internal/automation/tick'), 'tick');
  }

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users' }), launchBrowser()]);
    const anon = new Api(backend.url);
    const [h, a] = await Promise.all([anon.login('head@example.com'), anon.login('alice@example.com')]);
    head = h.api;
    alice = a.api;
    internal = new Api(backend.url, backend.env.PBX_SERVICE_TOKEN);
    const pipeline = await defaultPipeline(head);
    pipelineId = pipeline.id;
    const byName = pipeline.stageId;
    stage = {
      Unsorted: byName('Unsorted'),
      New: byName('New'),
      'In progress': byName('In progress'),
      'Serious prospect': byName('Serious prospect'),
      Won: byName('Won'),
      Lost: byName('Lost'),
    };
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('should move a qualified deal to Serious prospect live when the Seller completes its third task', async () => {
    const deal = await ok(
      alice.post<Deal>('/api/deals', { title: `Dock cranes ${Date.now()}`, amount: '5400.00', currency: 'EUR', pipelineId, stageId: stage['In progress'] }),
      'create deal',
    );
    await ok(alice.patch(`/api/deals/${deal.id}`, { qualification: 'target_group' }), 'qualify');
    const tasks: Task[] = [];
    for (const title of ['Send the brochure', 'Ask for the floor plan', 'Confirm the budget']) {
      tasks.push(await ok(alice.post<Task>('/api/tasks', { title, type: 'call_back', dealId: deal.id, dueAt: new Date(Date.now() - 3_600_000).toISOString() }), title));
    }
    await ok(alice.post(`/api/tasks/${tasks[0]!.id}/complete`), 'complete 1');
    await ok(alice.post(`/api/tasks/${tasks[1]!.id}/complete`), 'complete 2');

    const page = await logIn('alice@example.com');
    // the board card carries the open overdue task
    await page.getByTestId(`deal-card-${deal.id}`).getByTestId('card-overdue').filter({ hasText: '1 overdue' }).waitFor({ timeout: WAIT });

    await page.goto(`${backend.url}/deals/${deal.id}`);
    await page.getByTestId('deal-page').waitFor({ timeout: WAIT });
    await markNoReload(page);
    expect(await page.getByTestId('deal-stage-select').inputValue()).toBe(stage['In progress']);

    const last = tasks[2]!;
    await page.getByTestId(`task-toggle-${last.id}`).check();
    await page.locator(`[data-testid="task-row-${last.id}"][data-status="done"]`).waitFor({ timeout: WAIT });

    // the rule moved it; the page hears it over the socket
    await eventually(() => page.getByTestId('deal-stage-select').inputValue(), (v) => v === stage['Serious prospect'], 'the stage select to show Serious prospect');
    await page
      .getByTestId('timeline-item')
      .filter({ hasText: /^Rule “Three completed tasks.*” moved it from In progress to Serious prospect/ })
      .waitFor({ timeout: WAIT });
    await page.getByTestId('timeline-item').filter({ hasText: 'Alice' }).filter({ hasText: 'completed the task “Confirm the budget”' }).first().waitFor({ timeout: WAIT });
    expect(await notReloaded(page)).toBe(true);
    expect((await ok(head.get<Deal>(`/api/deals/${deal.id}`), 'deal')).stageId).toBe(stage['Serious prospect']);
    await page.context().close();
  }, 60_000);

  it('should alert the Heads after the delay the Head set in the rule editor', async () => {
    const rules = await ok(head.get<Rule[]>('/api/automation/rules'), 'rules');
    const rule = rules.find((r) => r.systemKey === 'speed_to_lead');
    if (!rule) throw new Error(`no speed_to_lead rule among ${rules.map((r) => r.systemKey).join(', ')}`);
    expect(rule.trigger).toMatchObject({ type: 'timer', amount: 10, unit: 'minutes' });

    const page = await logIn('head@example.com');
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-tab-rules').click();
    const card = page.getByTestId(`rule-${rule.id}`);
    await card.waitFor({ timeout: WAIT });
    // the card words the rule in the page's language (built in the browser, not the server's English summary)
    const before = await page.getByTestId(`rule-summary-${rule.id}`).textContent();
    expect(before).toMatch(/^When .+ then .+\.$/);
    await markNoReload(page);

    await page.getByTestId(`rule-edit-${rule.id}`).click();
    const dialog = page.getByTestId('rule-dialog');
    await dialog.getByTestId('rule-amount').fill('3');
    await dialog.getByTestId('rule-submit').click();
    await dialog.getByTestId('rule-form').waitFor({ state: 'detached', timeout: WAIT });
    const saved = await eventually(
      async () => (await ok(head.get<Rule>(`/api/automation/rules/${rule.id}`), 'rule')),
      (r) => r.trigger.type === 'timer' && r.trigger.amount === 3,
      'the rule to have a 3-minute delay',
    );
    // the card shows the new delay
    await eventually(() => page.getByTestId(`rule-summary-${rule.id}`).textContent(), (t) => t !== before && /\b3 minutes\b/.test(t ?? ''), 'the new summary');
    expect(saved.summary).not.toBe(rule.summary);

    // An unowned lead in Unsorted: nothing after 2 minutes, the Heads are alerted after 3.
    const lead = await ok(head.post<Deal>('/api/deals', { title: `Walk-in lead ${Date.now()}`, amount: '0.00', currency: 'EUR', pipelineId, stageId: stage.Unsorted, ownerId: null }), 'lead');
    expect(lead.ownerId).toBeNull();
    const alerts = async () => (await ok(head.get<Notification[]>('/api/notifications'), 'notifications')).filter((n) => n.dealId === lead.id);
    await advance(2 * MINUTE);
    expect(await alerts()).toEqual([]);
    expect(await page.getByTestId('notifications-bell').getAttribute('data-unread')).toBe('0');

    await advance(2 * MINUTE);
    const [alert] = await eventually(alerts, (ns) => ns.length === 1, 'one speed-to-lead notification');
    expect(alert!.ruleId).toBe(rule.id);

    // in the rule's history
    await page.getByTestId(`rule-runs-toggle-${rule.id}`).click();
    await page.locator(`[data-testid="rule-run"][data-deal-id="${lead.id}"][data-outcome="acted"]`).waitFor({ timeout: WAIT });
    const runs = await ok(head.get<RuleRun[]>(`/api/automation/rules/${rule.id}/runs`), 'runs');
    expect(runs.filter((r) => r.dealId === lead.id)).toHaveLength(1);

    // and live in the bell, without a reload
    await page.locator('[data-testid="notifications-bell"][data-unread="1"]').waitFor({ timeout: WAIT });
    await page.getByTestId('notifications-bell').click();
    const item = page.getByTestId(`notification-${alert!.id}`);
    await item.waitFor({ timeout: WAIT });
    expect(await item.textContent()).toContain(lead.title);

    // opening it marks it read and opens the deal
    await item.click();
    await page.getByTestId('deal-page').waitFor({ timeout: WAIT });
    await page.locator('[data-testid="notifications-bell"][data-unread="0"]').waitFor({ timeout: WAIT });
    expect(await notReloaded(page)).toBe(true);
    await page.context().close();
  }, 60_000);

  it('should show the server totals of an offer made on the deal page and win the deal when it is accepted', async () => {
    const contact = await ok(alice.post<{ id: string }>('/api/contacts', { name: `Harbour Logistics ${Date.now()}` }), 'contact');
    const deal = await ok(
      alice.post<Deal>('/api/deals', { title: `Forklift lease ${Date.now()}`, amount: '900.00', currency: 'EUR', pipelineId, stageId: stage['In progress'], contactId: contact.id }),
      'create deal',
    );
    const page = await logIn('alice@example.com');
    await page.goto(`${backend.url}/deals/${deal.id}`);
    await page.getByTestId('deal-page').waitFor({ timeout: WAIT });
    await markNoReload(page);

    await page.getByTestId('offer-new').click();
    await page.getByTestId('offer-line-0-product').fill('Forklift, monthly');
    await page.getByTestId('offer-line-0-quantity').fill('3');
    await page.getByTestId('offer-line-0-unitPrice').fill('19,99');
    await page.getByTestId('offer-line-0-discountPercent').fill('10');
    await page.getByTestId('offer-add-line').click();
    await page.getByTestId('offer-line-1-product').fill('Pallet <b>wrap</b>');
    await page.getByTestId('offer-line-1-quantity').fill('0.333');
    await page.getByTestId('offer-line-1-unitPrice').fill('3');
    await page.getByTestId('offer-submit').click();

    const [offer] = await eventually(async () => ok(alice.get<Offer[]>(`/api/offers?dealId=${deal.id}`), 'offers'), (os) => os.length === 1, 'the offer');
    // 3 × 19.99 − 10% = 53.973 → 53.97; 0.333 × 3.00 = 0.999 → 1.00; total 54.97
    expect(offer!.items.map((i) => i.lineTotal)).toEqual(['53.97', '1.00']);
    expect(offer!.total).toBe('54.97');
    const card = page.getByTestId(`offer-${offer!.id}`);
    await page.locator(`[data-testid="offer-total-${offer!.id}"][data-total="54.97"]`).waitFor({ timeout: WAIT });
    expect(await card.getByText('Pallet <b>wrap</b>').count()).toBe(1);

    for (const status of ['sent', 'accepted'] as const) {
      await page.getByTestId(`offer-status-${offer!.id}`).selectOption(status);
      await page.getByTestId(`offer-status-apply-${offer!.id}`).click();
      await page.locator(`[data-testid="offer-${offer!.id}"][data-status="${status}"]`).waitFor({ timeout: WAIT });
    }
    // the accepted offer made an order, and the rule won the deal
    await card.locator('[data-testid^="order-"][data-status="open"]').waitFor({ timeout: WAIT });
    await eventually(() => page.getByTestId('deal-stage-select').inputValue(), (v) => v === stage.Won, 'the stage select to show Won');
    // paying the order makes the contact a one-time customer
    await page.locator('[data-testid="sales-profile"][data-tier="none"]').waitFor({ timeout: WAIT });
    await card.locator('[data-testid^="order-paid-"]').click();
    await card.locator('[data-testid^="order-"][data-status="paid"]').waitFor({ timeout: WAIT });
    await page.locator('[data-testid="sales-profile"][data-tier="one_time"]').waitFor({ timeout: WAIT });
    expect(await notReloaded(page)).toBe(true);
    await page.screenshot({ path: '/tmp/sales-deal-page.png', fullPage: true });
    await page.context().close();
  }, 60_000);

  it('should ask for a reason the Head made required before closing a deal as lost', async () => {
    const headPage = await logIn('head@example.com');
    await headPage.getByTestId('nav-admin').click();
    await headPage.getByTestId('admin-tab-lost').click();
    await headPage.getByTestId('lost-reason-required').check();
    await headPage.getByTestId('lost-reasons-save').click();
    await eventually(async () => (await ok(head.get<{ required: boolean }>('/api/settings/lost-reasons'), 'settings')).required, (r) => r, 'the reason to be required');
    await headPage.context().close();

    const deal = await ok(alice.post<Deal>('/api/deals', { title: `Crane rental ${Date.now()}`, amount: '100.00', currency: 'EUR', pipelineId, stageId: stage['In progress'] }), 'deal');
    const page = await logIn('alice@example.com');
    await page.goto(`${backend.url}/deals/${deal.id}`);
    await page.getByTestId('deal-page').waitFor({ timeout: WAIT });
    await page.getByTestId('close-lost').click();
    const dialog = page.getByTestId('close-lost-dialog');
    await dialog.getByTestId('close-lost-submit').click();
    await dialog.getByRole('alert').filter({ hasText: 'Choose a reason' }).waitFor({ timeout: WAIT });
    expect((await ok(alice.get<Deal>(`/api/deals/${deal.id}`), 'deal')).status).toBe('open');

    await dialog.getByTestId('close-lost-reason').selectOption('competitor');
    await dialog.getByTestId('close-lost-submit').click();
    await dialog.getByTestId('close-lost-form').waitFor({ state: 'detached', timeout: WAIT });
    const closed = await ok(alice.get<Deal>(`/api/deals/${deal.id}`), 'deal');
    expect(closed).toMatchObject({ status: 'lost', lostReason: 'competitor' });
    await eventually(() => page.getByTestId('deal-stage-select').inputValue(), (v) => v === closed.stageId, 'the stage select to show Lost');
    await page.getByTestId('close-lost').waitFor({ state: 'detached', timeout: WAIT });
    await page.context().close();
  }, 60_000);

  it('should log a visit and a note on the deal page, and a visit moves a New deal to In progress', async () => {
    const deal = await ok(alice.post<Deal>('/api/deals', { title: `Warehouse racks ${Date.now()}`, amount: '300.00', currency: 'EUR', pipelineId, stageId: stage.New }), 'deal');
    const page = await logIn('alice@example.com');
    await page.goto(`${backend.url}/deals/${deal.id}`);
    await page.getByTestId('deal-page').waitFor({ timeout: WAIT });
    await markNoReload(page);

    // the radios are drawn as a segmented control: a person clicks the label
    const kind = (k: 'note' | 'visit') => page.locator('label', { has: page.getByTestId(`activity-kind-${k}`) }).click();
    await kind('note');
    await page.getByTestId('activity-body').fill('Wants <script>alert(1)</script> racks in blue');
    await page.getByTestId('activity-submit').click();
    await page.locator('[data-testid^="activity-"][data-kind="note"]').filter({ hasText: 'Wants <script>alert(1)</script> racks in blue' }).waitFor({ timeout: WAIT });
    expect(await page.getByTestId('deal-stage-select').inputValue()).toBe(stage.New);

    await kind('visit');
    expect(await page.getByTestId('activity-kind-visit').isChecked()).toBe(true);
    await page.getByTestId('activity-visit-type').selectOption('on_site');
    await page.getByTestId('activity-visit-status').selectOption('initial_contact');
    await page.getByTestId('activity-submit').click();
    await page.locator('[data-testid^="activity-"][data-kind="visit"]').waitFor({ timeout: WAIT });
    await page.getByTestId('timeline-item').filter({ hasText: 'logged an on-site visit (initial contact)' }).waitFor({ timeout: WAIT });
    await eventually(() => page.getByTestId('deal-stage-select').inputValue(), (v) => v === stage['In progress'], 'the stage select to show In progress');
    await page.getByTestId('timeline-item').filter({ hasText: /^Rule “A meeting moves to In progress” moved it from New to In progress/ }).waitFor({ timeout: WAIT });
    expect(await notReloaded(page)).toBe(true);
    await page.context().close();
  }, 60_000);

  it('should ask why when a Seller drags a card onto Lost: cancel puts it back, a reason moves it and the timeline says why', async () => {
    await ok(head.request('PUT', '/api/settings/lost-reasons', { reasons: ['price', 'competitor', 'no_budget', 'other'], required: true }), 'reasons');
    const deal = await ok(alice.post<Deal>('/api/deals', { title: `Gantry crane ${Date.now()}`, amount: '700.00', currency: 'EUR', pipelineId, stageId: stage['Serious prospect'] }), 'deal');
    const page = await logIn('alice@example.com');
    await markNoReload(page);
    const cardIn = (stageId: string) => page.getByTestId(`column-${stageId}`).getByTestId(`deal-card-${deal.id}`);
    // Board scrolled to its right end: Serious prospect and Lost both on screen, Lost away from the
    // edge where dnd-kit would scroll the board under the pointer.
    const dragToLost = async () => {
      await page.getByTestId('board').evaluate((el) => (el.scrollLeft = el.scrollWidth));
      await dragCard(page, deal.id, stage.Lost, WAIT);
    };
    await cardIn(stage['Serious prospect']).waitFor({ timeout: WAIT });
    // Lost starts folded (issue 13): opened, as a rep who wants to see the card land there would
    await page.getByTestId(`column-toggle-${stage.Lost}`).click();

    await dragToLost();
    const dialog = page.getByTestId('close-lost-dialog');
    await dialog.getByTestId('close-lost-form').waitFor({ timeout: WAIT });
    expect(await dialog.getByTestId('close-lost-reason').inputValue()).toBe('');
    await dialog.getByTestId('close-lost-cancel').click();
    await dialog.getByTestId('close-lost-form').waitFor({ state: 'detached', timeout: WAIT });
    await dialog.waitFor({ state: 'hidden', timeout: WAIT });
    // the native <dialog> itself closed (no modal layer left over the board)
    await dialog.waitFor({ state: 'hidden', timeout: WAIT });
    await cardIn(stage['Serious prospect']).waitFor({ timeout: WAIT });
    expect(await cardIn(stage.Lost).count()).toBe(0);
    expect((await ok(alice.get<Deal>(`/api/deals/${deal.id}`), 'deal')).stageId).toBe(stage['Serious prospect']);

    await dragToLost();
    await dialog.getByTestId('close-lost-form').waitFor({ timeout: WAIT });
    // the Head made it required: no reason, no move
    await dialog.getByTestId('close-lost-submit').click();
    await dialog.getByRole('alert').filter({ hasText: 'Choose a reason' }).waitFor({ timeout: WAIT });
    await dialog.getByTestId('close-lost-reason').selectOption('price');
    await dialog.getByTestId('close-lost-submit').click();
    await dialog.getByTestId('close-lost-form').waitFor({ state: 'detached', timeout: WAIT });
    await cardIn(stage.Lost).waitFor({ timeout: WAIT });
    expect(await ok(alice.get<Deal>(`/api/deals/${deal.id}`), 'deal')).toMatchObject({ stageId: stage.Lost, status: 'lost', lostReason: 'price' });

    await page.getByTestId(`deal-card-${deal.id}`).locator('a.card-title').click();
    await page.getByTestId('deal-page').waitFor({ timeout: WAIT });
    await page.getByTestId('timeline-item').filter({ hasText: 'Alice' }).filter({ hasText: 'moved it from Serious prospect to Lost (reason: price)' }).waitFor({ timeout: WAIT });
    await page.getByTestId('timeline-item').filter({ hasText: 'changed the lost reason from empty to “price”' }).waitFor({ timeout: WAIT });
    expect(await notReloaded(page)).toBe(true);
    await page.context().close();
  }, 60_000);

  it('should take a task completed in one tab off the today list open in another, without a reload', async () => {
    const deal = await ok(alice.post<Deal>('/api/deals', { title: `Conveyor belts ${Date.now()}`, amount: '1200.00', currency: 'EUR', pipelineId, stageId: stage['In progress'] }), 'deal');
    const title = `Send the belt specs ${Date.now()}`;
    const task = await ok(alice.post<Task>('/api/tasks', { title, type: 'send_offer', dealId: deal.id, dueAt: new Date(Date.now() - MINUTE).toISOString() }), 'task');

    const todayTab = await logIn('alice@example.com');
    await todayTab.getByTestId('nav-today').click();
    const item = todayTab.getByTestId('today-item').filter({ hasText: title });
    await item.waitFor({ timeout: WAIT });
    await markNoReload(todayTab);

    const dealTab = await logIn('alice@example.com');
    await dealTab.goto(`${backend.url}/deals/${deal.id}`);
    await dealTab.getByTestId(`task-toggle-${task.id}`).check();
    await dealTab.locator(`[data-testid="task-row-${task.id}"][data-status="done"]`).waitFor({ timeout: WAIT });

    await item.waitFor({ state: 'detached', timeout: WAIT });
    expect(await notReloaded(todayTab)).toBe(true);
    expect((await ok(alice.get<Task>(`/api/tasks/${task.id}`), 'task')).status).toBe('done');

    // and back when it is reopened in the other tab
    await dealTab.getByTestId(`task-toggle-${task.id}`).uncheck();
    await item.waitFor({ timeout: WAIT });
    expect(await notReloaded(todayTab)).toBe(true);
    await Promise.all([todayTab.context().close(), dealTab.context().close()]);
  }, 60_000);
});
