import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { eventually, LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser, type Viewport } from './browser';
import { expectContentFits } from './screens';

// Automation in the Head's admin: words only (no field or value names), a rule made in the UI
// (trigger, condition, action) that acts on the next matching event, the API's schema checked in
// the form, and the server's refusal shown when it still says no.

const WAIT = 10_000;
const PANEL = '#panel-rules';
// camelCase names, snake_case values and dotted field paths: none may reach the screen
const INTERNAL = /\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+_[a-z_]+\b|\b(?:deal|event)\.[a-z]/;

describe('Automation', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let head: Api;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'users', env: { AUTOMATION_POLL_MS: '200' } }), launchBrowser()]);
    head = (await new Api(backend.url).login('head@example.com')).api;
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  async function openRules(viewport: Viewport): Promise<Page> {
    const page = await signedInPage(chromium, backend.url, 'head@example.com', errors, WAIT, viewport);
    await page.goto(`${backend.url}/admin?tab=rules`);
    await page.getByTestId('rule-list').waitFor({ timeout: WAIT });
    return page;
  }

  it('should show every rule in words, with no internal names', async () => {
    const page = await openRules(LAPTOP);
    const text = await page.locator(PANEL).innerText();
    expect(text).toContain("When a deal's field changes");
    expect(text.match(INTERNAL)).toBeNull();
    // and the editor of a default rule
    await page.locator('[data-testid^="rule-edit-"]').first().click();
    await page.getByTestId('rule-form').waitFor({ timeout: WAIT });
    const form = await page.getByTestId('rule-dialog').innerText();
    expect(form.match(INTERNAL)).toBeNull();
    await expectAccessible(page, 'Rule editor at 1440×900', '[data-testid="rule-dialog"]');
    await page.context().close();
  }, 60_000);

  it('should create a rule in the UI that acts on the next deal created that matches it', async () => {
    const page = await openRules(LAPTOP);
    await page.getByTestId('rule-new').click();
    const form = page.getByTestId('rule-form');
    await form.waitFor({ timeout: WAIT });

    // the API's schema, in the form: nothing is sent without a name and a task title
    await form.getByTestId('rule-submit').click();
    await form.getByText('Give the rule a name').waitFor({ timeout: WAIT });
    await form.getByText('Give the task a title').waitFor({ timeout: WAIT });

    await form.getByTestId('rule-name').fill('Welcome call for big deals');
    await form.getByTestId('rule-trigger-type').selectOption('event');
    await form.getByTestId('rule-event').selectOption({ label: 'A deal is created' });
    await form.getByTestId('rule-add-condition').click();
    const condition = form.getByTestId('rule-condition-0');
    await condition.getByTestId('rule-condition-field').selectOption({ label: 'Amount' });
    await condition.getByTestId('rule-condition-op').selectOption({ label: 'is more than' });
    await condition.getByTestId('rule-condition-value').fill('1000');
    const action = form.getByTestId('rule-action-0');
    await action.getByTestId('rule-action-type').selectOption({ label: 'Create a task' });
    await action.getByTestId('rule-action-title').fill('Welcome call');
    await action.getByTestId('rule-action-due').fill('1');
    await form.getByTestId('rule-submit').click();
    await page.getByTestId('toast').getByText('Rule created').waitFor({ timeout: WAIT });
    await form.waitFor({ state: 'detached', timeout: WAIT });

    const rule = (await head.get('/api/automation/rules')).body.find((r: { name: string }) => r.name === 'Welcome call for big deals');
    expect(rule).toMatchObject({
      trigger: { type: 'event', event: 'deal.created' },
      conditions: [{ field: 'deal.amount', op: 'gt', value: 1000 }],
      actions: [{ type: 'create_task', title: 'Welcome call', dueInHours: 1, assignTo: 'owner' }],
    });
    const summary = page.getByTestId(`rule-summary-${rule.id}`);
    expect(await summary.textContent()).toBe('When a deal is created, if amount is more than 1,000, then create a task "Welcome call" due in 1 hour for the owner.');

    // the next deals: a big one gets the task, a small one does not
    const alice = (await new Api(backend.url).login('alice@example.com')).api;
    const small = (await alice.post('/api/deals', { title: 'Small deal', amount: '200.00', currency: 'EUR' })).body;
    const big = (await alice.post('/api/deals', { title: 'Big deal', amount: '5000.00', currency: 'EUR' })).body;
    const tasks = await eventually(() => alice.get(`/api/tasks?dealId=${big.id}`).then((r) => r.body), (ts) => Array.isArray(ts) && ts.length === 1, 'the welcome task', 15_000);
    expect(tasks[0]).toMatchObject({ title: 'Welcome call', dealId: big.id });
    const runs = (await head.get(`/api/automation/rules/${rule.id}/runs`)).body;
    expect(runs.map((r: { dealId: string }) => r.dealId)).toEqual([big.id]);
    expect((await alice.get(`/api/tasks?dealId=${small.id}`)).body).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("should change a rule's trigger, condition and action, and show the server's refusal", async () => {
    const created = await head.post('/api/automation/rules', {
      name: 'Hand over',
      trigger: { type: 'event', event: 'deal.created' },
      conditions: [],
      actions: [{ type: 'notify', to: 'heads', message: 'New deal {deal.title}' }],
    });
    expect(created.status).toBe(201);
    const carol = await head.post('/api/users', { email: 'carol@example.com', name: 'Carol Seller', role: 'seller', password: 'carols-password-1' });
    expect(carol.status).toBe(201);

    const page = await openRules(LAPTOP);
    await page.getByTestId(`rule-edit-${created.body.id}`).click();
    const form = page.getByTestId('rule-form');
    await form.getByTestId('rule-trigger-type').selectOption('timer');
    await form.getByTestId('rule-timer').selectOption({ label: 'A deal has had no contact' });
    await form.getByTestId('rule-amount').fill('3');
    await form.getByTestId('rule-unit').selectOption('days');
    await form.getByTestId('rule-add-condition').click();
    await form.getByTestId('rule-condition-0').getByTestId('rule-condition-field').selectOption({ label: 'Stage' });
    await form.getByTestId('rule-condition-0').getByTestId('rule-condition-value').selectOption({ label: 'New' });
    await form.getByTestId('rule-action-0').getByTestId('rule-action-type').selectOption({ label: 'Assign the deal to someone' });
    await form.getByTestId('rule-action-0').getByTestId('rule-action-user').selectOption({ label: 'Carol Seller' });

    // Carol leaves before the Head saves: the API refuses, and the form says so
    expect((await head.patch(`/api/users/${carol.body.id}`, { active: false })).status).toBe(200);
    await form.getByTestId('rule-submit').click();
    await form.getByTestId('rule-server-error').waitFor({ timeout: WAIT });
    expect(await form.getByTestId('rule-server-error').textContent()).toMatch(/Invalid rule/);

    await form.getByTestId('rule-action-0').getByTestId('rule-action-user').selectOption({ label: 'Bob Seller' });
    await form.getByTestId('rule-submit').click();
    await page.getByTestId('toast').getByText('Rule saved').waitFor({ timeout: WAIT });
    const saved = (await head.get(`/api/automation/rules/${created.body.id}`)).body;
    expect(saved.trigger).toEqual({ type: 'timer', timer: 'no_contact', amount: 3, unit: 'days' });
    expect(saved.conditions).toEqual([{ field: 'deal.stageKey', op: 'eq', value: 'new' }]);
    expect(saved.actions).toEqual([{ type: 'assign', userId: expect.any(String) }]);
    expect(await page.getByTestId(`rule-summary-${saved.id}`).textContent()).toBe(
      'When a deal has had no contact for 3 days, if stage is New, then assign it to Bob Seller.',
    );
    await page.context().close();
  }, 60_000);

  it('should fit a phone, and pass the accessibility checks at both sizes', async () => {
    for (const [viewport, size] of [[LAPTOP, '1440×900'], [PHONE, '390×844']] as const) {
      const page = await openRules(viewport);
      await expectAccessible(page, `Automation at ${size}`, PANEL);
      await expectContentFits(page, PANEL, `Automation at ${size}`);
      await page.getByTestId('rule-new').click();
      await page.getByTestId('rule-form').waitFor({ timeout: WAIT });
      await expectAccessible(page, `New rule at ${size}`, '[data-testid="rule-dialog"]');
      await expectContentFits(page, '[data-testid="rule-dialog"]', `New rule at ${size}`);
      await page.keyboard.press('Escape');
      await expectNoSidewaysScroll(page, `Automation at ${size}`);
      await page.context().close();
    }
  }, 90_000);
});
