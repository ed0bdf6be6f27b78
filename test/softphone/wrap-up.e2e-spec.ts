import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';

// Issue 16 part 2: the wrap-up after a call, end to end. Alice answers a carrier call in the
// browser; the carrier hangs up; the wrap-up panel appears by itself; "call back requested" with a
// time creates the call task and a rule on that outcome moves the deal. Then her outbound calls:
// one answered (she hangs up), one the carrier refuses as busy (the panel comes from the server).
const PASSWORD = 'callboard';
const WAIT = 10_000;
const CALLER = '+36201239876';
const CALLEE = '+36301114444';
const BUSY = '+36301115555';

// Its own port block (the part 2 offset).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 4800);

/** The carrier scenario that ends the INVITE with `status` (e.g. "486 Busy Here"). */
function rejectScenario(status: string): string {
  const xml = readFileSync(join(__dirname, 'scenarios', 'uas-reject.xml'), 'utf8').replaceAll('FINAL_STATUS', status);
  const out = join(mkdtempSync(join(tmpdir(), 'cb-sipp-sc-')), 'uas-reject.xml');
  writeFileSync(out, xml);
  return out;
}

/** Client-side navigation (a page load would end the browser's call). */
const navigate = (page: Page, path: string) =>
  page.evaluate((to) => {
    history.pushState({}, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);

/** An ISO instant as a datetime-local value in the browser's zone (the test runs it in the same one). */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

describe('softphone: wrap-up after every call (Chromium, Kamailio, rtpengine, sipp carrier)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  let api: Api;
  let head: Api;
  let ruleId: string;
  const state = (s: string) => alice.locator(`[data-testid="softphone"][data-state="${s}"]`).waitFor({ timeout: WAIT });
  const panelOf = (callId: string) => alice.locator(`[data-testid="wrap-up-panel"][data-call-id="${callId}"]`);

  beforeAll(async () => {
    await stack.start();
    ({ api } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD));
    ({ api: head } = await new Api(stack.backend.url).login('head@example.com', PASSWORD));
    const rule = await head.post('/api/automation/rules', {
      name: 'Call back requested: serious prospect',
      trigger: { type: 'event', event: 'call.wrapped_up' },
      conditions: [{ field: 'event.outcome', op: 'eq', value: 'call_back_requested' }],
      actions: [{ type: 'move_stage', stageKey: 'serious_prospect' }],
    });
    expect(rule.status).toBe(201);
    ruleId = rule.body.id;
    browser = await launchSoftphoneBrowser();
    alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await state('ready');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  /** On failure, sipp's own words help more than a timeout. */
  async function explain<T>(sipp: SippRun, log: string | null, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      sipp.kill();
      const { output } = await sipp.done;
      const logged = log && existsSync(log) ? readFileSync(log, 'utf8').slice(-1500) : '';
      throw new Error(`${String(e)}\n--- sipp ---\n${output}\n${logged}`);
    } finally {
      sipp.kill();
    }
  }

  it('should open the wrap-up when the carrier hangs up, create the call task at the time said and run the rule on "call back requested"', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'cb-sipp-log-')), 'caller.log');
    const sipp = runSipp({
      scenario: scenarioWithAudio('uac-audio-caller-hangup.xml', writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [['Wanda Wrapup', CALLER]],
      // the carrier talks for 4 s after the answer, then hangs up
      durationMs: 4000,
      extra: ['-mp', String(ports.sippUacMedia), '-trace_msg', '-message_file', log],
      timeoutSec: 60,
    });
    await explain(sipp, log, async () => {
      const incoming = alice.getByTestId('softphone-incoming');
      await incoming.waitFor({ timeout: WAIT });
      const callId = (await incoming.getAttribute('data-call-id'))!;
      await alice.getByTestId('softphone-pop-deal').waitFor({ timeout: WAIT });
      const dealId = (await alice.getByTestId('softphone-pop-deal').getAttribute('data-deal-id'))!;
      await alice.getByTestId('softphone-answer').click();
      await state('in_call');
      // no wrap-up while talking
      expect(await alice.getByTestId('wrap-up-panel').count()).toBe(0);
      await navigate(alice, `/deals/${dealId}`);
      await alice.getByTestId('deal-page').waitFor({ timeout: WAIT });

      // the carrier hangs up: the panel appears by itself, on the deal page, which stays usable
      const panel = panelOf(callId);
      await panel.waitFor({ timeout: WAIT });
      expect(await panel.getAttribute('aria-modal')).toBe('false');
      expect((await sipp.done).code).toBe(0);
      await state('ready');
      await alice.locator(`[data-testid="wrap-up-panel"][data-call-id="${callId}"][data-ready="true"]`).waitFor({ timeout: WAIT });
      expect(await alice.getByTestId('deal-page').isVisible()).toBe(true);
      const today = await api.get('/api/today');
      expect(today.body.items.find((i: any) => i.kind === 'wrap_up' && i.dealId === dealId)).toBeTruthy();

      await alice.getByTestId('wrap-up-outcome-call_back_requested').check();
      // the task is on and required; the rep says when
      expect(await alice.getByTestId('wrap-up-with-task').isChecked()).toBe(true);
      expect(await alice.getByTestId('wrap-up-task-type').inputValue()).toBe('call_back');
      const due = new Date(Date.now() + 26 * 3_600_000);
      due.setMinutes(30, 0, 0);
      await alice.getByTestId('wrap-up-task-due').fill(localInput(due));
      await alice.getByTestId('wrap-up-note').fill('Wants a call after the board meeting <b>tomorrow</b>');
      await alice.getByTestId('wrap-up-save').click();
      await panel.waitFor({ state: 'detached', timeout: WAIT });

      const tasks = (await api.get(`/api/tasks?dealId=${dealId}`)).body as any[];
      const task = tasks.find((t) => t.type === 'call_back' && t.status === 'open' && t.createdBy === today.body.userId);
      expect(task).toBeTruthy();
      expect(new Date(task.dueAt).toISOString()).toBe(due.toISOString());
      expect(task.assigneeId).toBe(today.body.userId);
      const events = (await api.get(`/api/deals/${dealId}/events`)).body as any[];
      expect(events.find((e) => e.type === 'wrap_up')?.data).toMatchObject({
        callId,
        outcome: 'call_back_requested',
        note: 'Wants a call after the board meeting <b>tomorrow</b>',
        taskId: task.id,
      });
      // the rule on that outcome moved the deal
      await waitFor(async () => (await stageKeyOf(dealId)) === 'serious_prospect', 'the rule’s move to Serious prospect', WAIT);
      const runs = await head.get(`/api/automation/rules/${ruleId}/runs`);
      expect(runs.body.map((r: any) => r.dealId)).toEqual([dealId]);
      // off Today
      expect((await api.get('/api/today')).body.items.some((i: any) => i.kind === 'wrap_up' && i.dealId === dealId)).toBe(false);
      // the timeline on the page says so, in words
      await alice.getByText('wrapped up the call: Call back requested').first().waitFor({ timeout: WAIT });
    });
  }, 90_000);

  it('should open the wrap-up when Alice hangs up her outbound call, and save "talked"', async () => {
    const contact = await api.post('/api/contacts', { name: 'Otto Outbound', phones: [{ number: CALLEE }] });
    const deal = await api.post('/api/deals', { title: 'Outbound wrap-up deal', contactId: contact.body.id });
    expect(deal.status).toBe(201);
    const carrier = runSipp({
      scenario: scenarioWithAudio('uas-audio-controls.xml', writeUlawTone(2)),
      port: ports.sippUas,
      controlPort: ports.sippUasControl,
      extra: ['-mp', String(ports.sippUasMedia)],
      timeoutSec: 60,
    });
    await explain(carrier, null, async () => {
      await navigate(alice, `/deals/${deal.body.id}`);
      await alice.getByTestId('click-to-call').click();
      await state('in_call');
      const callId = (await alice.getByTestId('softphone-incall').getAttribute('data-call-id'))!;
      await alice.getByTestId('softphone-hangup').click();
      const panel = panelOf(callId);
      await panel.waitFor({ timeout: WAIT });
      expect(await alice.getByTestId('wrap-up-call').innerText()).toContain('Outbound call to');
      await alice.locator(`[data-testid="wrap-up-panel"][data-call-id="${callId}"][data-ready="true"]`).waitFor({ timeout: WAIT });
      await alice.getByTestId('wrap-up-outcome-talked').check();
      expect(await alice.getByTestId('wrap-up-with-task').isChecked()).toBe(false);
      await alice.getByTestId('wrap-up-save').click();
      await panel.waitFor({ state: 'detached', timeout: WAIT });
      const done = (await api.get(`/api/wrap-ups?status=done&dealId=${deal.body.id}`)).body as any[];
      expect(done).toEqual([expect.objectContaining({ sipCallId: callId, direction: 'outbound', answered: true, outcome: 'talked', taskId: null })]);
      expect((await carrier.done).code).toBe(0);
    });
  }, 60_000);

  it('should open the wrap-up of an outbound call the carrier refused as busy, with "busy" chosen', async () => {
    const contact = await api.post('/api/contacts', { name: 'Bea Busy', phones: [{ number: BUSY }] });
    const deal = await api.post('/api/deals', { title: 'Busy wrap-up deal', contactId: contact.body.id });
    const carrier = runSipp({ scenario: rejectScenario('486 Busy Here'), port: ports.sippUas, controlPort: ports.sippUasControl, timeoutSec: 30 });
    await explain(carrier, null, async () => {
      await navigate(alice, `/deals/${deal.body.id}`);
      await alice.getByTestId('click-to-call').click();
      const panel = alice.locator('[data-testid="wrap-up-panel"][data-ready="true"]');
      await panel.waitFor({ timeout: WAIT });
      expect(await alice.getByTestId('wrap-up-outcome-busy').isChecked()).toBe(true);
      // busy suggests trying again: a call task, prefilled
      expect(await alice.getByTestId('wrap-up-with-task').isChecked()).toBe(true);
      await alice.getByTestId('wrap-up-save').click();
      await panel.waitFor({ state: 'detached', timeout: WAIT });
      const done = (await api.get(`/api/wrap-ups?status=done&dealId=${deal.body.id}`)).body as any[];
      expect(done).toEqual([expect.objectContaining({ direction: 'outbound', answered: false, suggestedOutcome: 'busy', outcome: 'busy' })]);
      expect(done[0].taskId).toEqual(expect.any(String));
    });
  }, 60_000);

  /** The deal's stage key, read through the pipeline (the deal API carries the stage id). */
  async function stageKeyOf(dealId: string): Promise<string | null> {
    const deal = (await api.get(`/api/deals/${dealId}`)).body;
    const pipelines = (await api.get('/api/pipelines')).body as any[];
    const stage = pipelines.flatMap((p) => p.stages).find((s: any) => s.id === deal.stageId);
    return stage?.systemKey ?? null;
  }
});
