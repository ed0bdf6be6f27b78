import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { untranslatedText, usePseudoLocale } from '../e2e/i18n';

// Issue 15 (languages), "done when": every page and dialog in the pseudo-locale shows only
// catalogue text (test/e2e/languages.e2e-spec.ts). The softphone's call panels need a real call,
// so they are walked here: the incoming-call panel, the in-call bar, its keypad, the transfer
// panel and the bar on hold, each checked for visible text outside the ⟦…⟧ of the catalogue.
// The caller's name and number, the matched contact and deal, the teammates' names are user
// data (data-user-content) and skipped.
//
// FRONTEND_DIST=<dir> in the environment reaches the backend (it serves that build), e.g. one
// built with a hard-coded English label, to see this test fail.

const PASSWORD = 'callboard';
const CALLER_NAME = 'Carol Customer';
const CALLER_NUMBER = '+36201234567';
const WAIT = 10_000;

// Its own port block (panels-a11y takes +3900..+4199).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 4200);

describe('softphone call panels in the pseudo-locale (Chromium, Kamailio, rtpengine, sipp)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  const errors: string[] = [];
  const state = (s: string) => alice.locator(`[data-testid="softphone"][data-state="${s}"]`).waitFor({ timeout: WAIT });
  /** Nothing visible outside the catalogue (the list of offences otherwise, under where it was). */
  const expectCatalogueOnly = async (where: string) => expect({ where, found: await untranslatedText(alice) }).toEqual({ where, found: [] });

  beforeAll(async () => {
    await stack.start();
    // no language of her own: only the pseudo-locale asked for by the test decides
    const { user } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD);
    expect(user.language ?? null).toBeNull();
    browser = await launchSoftphoneBrowser();
    alice = await browser.newPage();
    alice.on('pageerror', (e) => errors.push(e.message));
    await usePseudoLocale(alice);
    await alice.goto(`${stack.backend.url}/login`);
    await alice.getByTestId('login-email').fill('alice@example.com');
    await alice.getByTestId('login-password').fill(PASSWORD);
    await alice.getByTestId('login-submit').click();
    await alice.getByTestId('board').waitFor({ timeout: WAIT });
    expect(await alice.evaluate(() => document.documentElement.lang)).toBe('en-XA');
    await state('ready');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it('should show the incoming-call panel, the in-call bar, the keypad, the transfer panel and the bar on hold only in catalogue text', async () => {
    // Alice is the only rep signed in, so the trunk call rings her
    const sipp: SippRun = runSipp({
      scenario: scenarioWithAudio('uac-audio-controls.xml', writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [[CALLER_NAME, CALLER_NUMBER]],
      extra: ['-mp', String(ports.sippUacMedia)],
      timeoutSec: 60,
    });
    try {
      // (1) ringing: the caller, and the screen pop's contact and deal once they arrive
      await alice.getByTestId('softphone-incoming').waitFor({ timeout: WAIT });
      await alice.getByTestId('softphone-pop-deal').waitFor({ timeout: WAIT });
      expect(await alice.getByTestId('softphone-caller-name').textContent()).toBe(CALLER_NAME);
      await expectCatalogueOnly('incoming-call panel');

      // (2) answered: the in-call bar with the running timer, mute, hold, keypad, transfer, hang up
      await alice.getByTestId('softphone-answer').click();
      await state('in_call');
      await alice.getByTestId('softphone-incall').waitFor({ timeout: WAIT });
      await alice.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="softphone-timer"]')?.textContent ?? ''), undefined, { timeout: WAIT });
      await expectCatalogueOnly('in-call bar');

      // (3) the keypad open
      await alice.getByTestId('softphone-keypad-toggle').click();
      await alice.getByTestId('softphone-keypad').waitFor({ timeout: WAIT });
      await expectCatalogueOnly('keypad open');
      await alice.getByTestId('softphone-keypad-toggle').click();
      await alice.getByTestId('softphone-keypad').waitFor({ state: 'detached', timeout: WAIT });

      // (4) the transfer panel open, with the teammates loaded (their presence beside each name)
      await alice.getByTestId('softphone-transfer').click();
      await alice.getByTestId('softphone-transfer-panel').waitFor({ timeout: WAIT });
      await alice.locator('[data-testid^="softphone-transfer-to-"]').first().waitFor({ timeout: WAIT });
      await expectCatalogueOnly('transfer panel open');
      await alice.getByTestId('softphone-transfer-cancel').click();
      await alice.getByTestId('softphone-transfer-panel').waitFor({ state: 'detached', timeout: WAIT });

      // (5) on hold, and muted: "Resume" and "Unmute"
      await alice.getByTestId('softphone-hold').click();
      await state('on_hold');
      await alice.getByTestId('softphone-mute').click();
      await alice.locator('[data-testid="softphone-mute"][aria-pressed="true"]').waitFor({ timeout: WAIT });
      await expectCatalogueOnly('on hold, muted');

      await alice.getByTestId('softphone-hold').click();
      await state('in_call');
      await alice.getByTestId('softphone-hangup').click();
      expect((await sipp.done).code).toBe(0);
      await state('ready');
      expect(errors).toEqual([]);
    } catch (e) {
      sipp.kill();
      const { output } = await sipp.done;
      throw new Error(`${String(e)}\n--- sipp ---\n${output}`);
    } finally {
      sipp.kill();
    }
  }, 90_000);
});
