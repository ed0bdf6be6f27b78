import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { expectAccessible, expectNoSidewaysScroll } from '../e2e/a11y';
import { LAPTOP, PHONE, type Viewport } from '../e2e/browser';

// Issue 13: the softphone's panels readable and accessible (axe, colour contrast included: the
// caller's name was near-white on white), an inbound call answered on a phone-sized screen with
// nothing scrolling sideways, and an outbound call the carrier refuses saying why.

const PASSWORD = 'callboard';
const CALLEE = '+36301113333';
const WAIT = 10_000;

// Its own port block (answer-race takes +3000..+3299).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 3900);

/** The carrier scenario that ends the INVITE with `status` (e.g. "486 Busy Here"). */
function rejectScenario(status: string): string {
  const xml = readFileSync(join(__dirname, 'scenarios', 'uas-reject.xml'), 'utf8').replaceAll('FINAL_STATUS', status);
  const out = join(mkdtempSync(join(tmpdir(), 'cb-sipp-sc-')), 'uas-reject.xml');
  writeFileSync(out, xml);
  return out;
}

/** The element's box lies inside the viewport. */
async function onScreen(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  const vp = page.viewportSize()!;
  return box !== null && box.width > 0 && box.x >= 0 && box.x + box.width <= vp.width + 0.5 && box.y >= 0 && box.y + box.height <= vp.height + 0.5;
}

describe('softphone panels: accessible, phone-sized, and a failed call says why (Chromium, Kamailio, rtpengine, sipp)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  let dealId: string;
  const state = (s: string) => alice.locator(`[data-testid="softphone"][data-state="${s}"]`).waitFor({ timeout: WAIT });

  beforeAll(async () => {
    await stack.start();
    const { api } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD);
    const contact = await api.post('/api/contacts', { name: 'Erik Busyline', phones: [{ number: CALLEE }] });
    expect(contact.status).toBe(201);
    const deal = await api.post('/api/deals', { title: 'Busy line deal', contactId: contact.body.id });
    expect(deal.status).toBe(201);
    dealId = deal.body.id;
    browser = await launchSoftphoneBrowser();
    alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await state('ready');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  /** A trunk call to the sales number from "Carol Customer"; Alice is the only rep, so it rings her. */
  const callIn = (): SippRun =>
    runSipp({
      scenario: scenarioWithAudio('uac-audio.xml', writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [['Carol Customer', '+36201234567']],
      extra: ['-mp', String(ports.sippUacMedia)],
      timeoutSec: 60,
    });

  async function withSipp<T>(sipp: SippRun, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      sipp.kill();
      const { output } = await sipp.done;
      throw new Error(`${String(e)}\n--- sipp ---\n${output}`);
    } finally {
      sipp.kill();
    }
  }

  it.each([
    ['laptop', LAPTOP],
    ['phone', PHONE],
  ])('should show a readable incoming-call panel and in-call bar, and answer, on a %s', async (size, viewport: Viewport) => {
    await alice.setViewportSize(viewport);
    await alice.goto(`${stack.backend.url}/account`);
    await state('ready');
    // the call starts once the reloaded page's phone is registered again
    const sipp = callIn();
    await withSipp(sipp, async () => {
      const panel = alice.getByTestId('softphone-incoming');
      await panel.waitFor({ timeout: WAIT });
      await alice.getByTestId('softphone-pop-deal').waitFor({ timeout: WAIT });
      expect(await alice.getByTestId('softphone-caller-name').textContent()).toBe('Carol Customer');
      for (const id of ['softphone-incoming', 'softphone-answer', 'softphone-decline']) expect([id, await onScreen(alice, id)]).toEqual([id, true]);
      await expectAccessible(alice, `incoming-call panel (${size})`, '[data-testid="softphone-incoming"]');
      await expectNoSidewaysScroll(alice, `incoming call (${size})`);

      await alice.getByTestId('softphone-answer').click();
      await state('in_call');
      const bar = alice.getByTestId('softphone-incall');
      await bar.waitFor({ timeout: WAIT });
      expect(['softphone-incall', await onScreen(alice, 'softphone-incall')]).toEqual(['softphone-incall', true]);
      await expectAccessible(alice, `in-call bar (${size})`, '[data-testid="softphone-incall"]');
      await expectNoSidewaysScroll(alice, `in call (${size})`);

      // keypad and transfer open inside the bar, still on screen and readable
      await alice.getByTestId('softphone-keypad-toggle').click();
      await alice.getByTestId('softphone-keypad').waitFor({ timeout: WAIT });
      await alice.getByTestId('softphone-transfer').click();
      await alice.getByTestId('softphone-transfer-panel').waitFor({ timeout: WAIT });
      await alice.getByTestId(`softphone-transfer-cancel`).waitFor({ timeout: WAIT });
      expect(['softphone-incall', await onScreen(alice, 'softphone-incall')]).toEqual(['softphone-incall', true]);
      await expectAccessible(alice, `in-call bar with keypad and transfer (${size})`, '[data-testid="softphone-incall"]');
      await expectNoSidewaysScroll(alice, `keypad and transfer open (${size})`);

      // the audio settings and the presence select in the bar: dark text on a light control
      await alice.getByTestId('softphone-audio').locator('summary').click();
      await alice.getByTestId('softphone-mic-select').waitFor({ timeout: WAIT });
      expect(['softphone-mic-select', await onScreen(alice, 'softphone-mic-select')]).toEqual(['softphone-mic-select', true]);
      await expectAccessible(alice, `audio settings and presence (${size})`, '[data-testid="softphone"]');
      await expectNoSidewaysScroll(alice, `audio settings open (${size})`);
      await alice.getByTestId('softphone-audio').locator('summary').click();

      await alice.getByTestId('softphone-hangup').click();
      expect((await sipp.done).code).toBe(0);
      await state('ready');
    });
  }, 90_000);

  it.each([
    ['486 Busy Here', 'The line is busy: try again later', LAPTOP],
    ['404 Not Found', 'Number not found: check the number', PHONE],
  ])('should say why when the carrier answers a click-to-call with %s', async (status, message, viewport: Viewport) => {
    await alice.setViewportSize(viewport);
    await alice.goto(`${stack.backend.url}/deals/${dealId}`);
    await state('ready');
    const carrier = runSipp({ scenario: rejectScenario(status), port: ports.sippUas, controlPort: ports.sippUasControl, timeoutSec: 60 });
    await withSipp(carrier, async () => {
      await alice.getByTestId('click-to-call').click();
      const why = alice.getByTestId('softphone-call-refused');
      await why.waitFor({ timeout: WAIT });
      expect(await why.innerText()).toBe(message);
      expect(await why.getAttribute('role')).toBe('alert');
      await state('ready');
      expect((await carrier.done).code).toBe(0);
      expect(['softphone-call-refused', await onScreen(alice, 'softphone-call-refused')]).toEqual(['softphone-call-refused', true]);
      await expectAccessible(alice, `the reason in the top bar (${status})`, 'header.topbar');
    });
  }, 60_000);
});
