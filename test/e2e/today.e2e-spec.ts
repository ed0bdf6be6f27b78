import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { expectAccessible, expectNoSidewaysScroll } from './a11y';
import { expectContentFits } from './screens';
import { LAPTOP, launchBrowser, PHONE, signedInPage, type TestBrowser, type Viewport } from './browser';

// Today on a fresh demo install: every kind of row shows, counted at the top; the done box
// completes a task or clears a row, with a message; at a phone's size the rows stack.

const WAIT = 10_000;
// axe runs on the screen itself; the shell (top bar, softphone) is checked by its own specs
const PAGE = '[data-testid="today-page"]';
const KINDS = ['unclaimed_call_back', 'new_lead', 'due_today', 'unanswered_yesterday', 'overdue'];

describe('Today', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  const errors: string[] = [];

  beforeAll(async () => {
    [backend, chromium] = await Promise.all([startBackend({ seed: 'demo' }), launchBrowser()]);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  afterEach(() => expect(errors).toEqual([]));

  async function openToday(email: string, viewport: Viewport): Promise<Page> {
    const page = await signedInPage(chromium, backend.url, email, errors, WAIT, viewport);
    await page.goto(`${backend.url}/today`);
    await page.getByTestId('today-counts').waitFor({ timeout: WAIT });
    return page;
  }

  it('should show every kind of row on a fresh demo install, counted at the top', async () => {
    const page = await openToday('alice@example.com', LAPTOP);
    const kinds = await page.getByTestId('today-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    for (const kind of KINDS) expect(kinds).toContain(kind);
    for (const kind of KINDS) {
      const count = page.locator(`[data-testid="today-count"][data-kind="${kind}"]`);
      expect(await count.locator('.today-count-n').textContent()).toBe(String(kinds.filter((k) => k === kind).length));
    }
    await expectAccessible(page, 'Today at 1440×900', PAGE);
    await expectNoSidewaysScroll(page, 'Today at 1440×900');
    await page.context().close();
  }, 60_000);

  it('should complete a task and clear a new lead with the done box, and keep them off after a reload', async () => {
    const { api } = await new Api(backend.url).login('alice@example.com');
    const page = await openToday('alice@example.com', LAPTOP);
    const task = page.locator('[data-testid="today-item"][data-kind="due_today"]').first();
    const taskId = (await task.getAttribute('data-task-id'))!;
    const dueBefore = await page.locator('[data-testid="today-item"][data-kind="due_today"]').count();
    await task.getByTestId('today-done').click();
    await page.getByTestId('toast').getByText('Task completed').waitFor({ timeout: WAIT });
    await page.locator(`[data-testid="today-item"][data-task-id="${taskId}"]`).waitFor({ state: 'detached', timeout: WAIT });
    expect((await api.get(`/api/tasks/${taskId}`)).body.status).toBe('done');
    await page.locator('[data-testid="today-count"][data-kind="due_today"] .today-count-n').filter({ hasText: String(dueBefore - 1) }).waitFor({ timeout: WAIT });

    const lead = page.locator('[data-testid="today-item"][data-kind="new_lead"]').first();
    const dealId = (await lead.getAttribute('data-deal-id'))!;
    await lead.getByTestId('today-done').click();
    await page.getByTestId('toast').getByText('Lead cleared from today’s list').waitFor({ timeout: WAIT });
    const leadRow = `[data-testid="today-item"][data-kind="new_lead"][data-deal-id="${dealId}"]`;
    await page.locator(leadRow).waitFor({ state: 'detached', timeout: WAIT });
    await page.reload();
    await page.getByTestId('today-counts').waitFor({ timeout: WAIT });
    expect(await page.locator(leadRow).count()).toBe(0);
    expect(await page.locator(`[data-testid="today-item"][data-task-id="${taskId}"]`).count()).toBe(0);
    // Bob's lead is not Alice's to clear: the server refuses, whatever a browser sends
    const bob = await new Api(backend.url).login('bob@example.com');
    const bobsLead = (await bob.api.get('/api/today')).body.items.find((i: { kind: string }) => i.kind === 'new_lead');
    expect((await api.post('/api/today/dismissals', { kind: 'new_lead', dealId: bobsLead.dealId })).status).toBe(404);
    await page.context().close();
  }, 60_000);

  it('should stack the rows on a phone, titles at full width, with no sideways scroll', async () => {
    const page = await openToday('bob@example.com', PHONE);
    const widths = await page.locator('[data-testid="today-item"] .today-main').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThan(3);
    // the title column takes most of the 390 px screen, not a sliver beside the labels
    for (const w of widths) expect(w).toBeGreaterThan(250);
    await expectAccessible(page, 'Today at 390×844', PAGE);
    await expectContentFits(page, PAGE, 'Today at 390×844');
    // the whole document, the app's shell (top bar, softphone) included
    await expectNoSidewaysScroll(page, 'Today at 390×844');
    await page.context().close();
  }, 60_000);
});
