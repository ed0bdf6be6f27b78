import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';

// Issue 15 (languages): in Hebrew the incoming-call panel shows a caller's name in any mix of
// scripts exactly and isolated, and the number left to right, digits in order, inside the panel.

const PASSWORD = 'callboard';
/** Hebrew with Latin mixed in, as a carrier sends it (UTF-8, quoted in From). */
const CALLER_NAME = 'דוד כהן Cohen Ltd';
/** A Budapest landline, in the compact form the trunk scenarios send. */
const CALLER_NUMBER = '+3614567890';
const WAIT = 10_000;

// Its own port block (panels-a11y takes +3900..+4199).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 3600);

/** What the panel shows, read from the rendered DOM and its computed styles. */
function readPanel(page: Page) {
  return page.evaluate(() => {
    const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
    const panel = byTestId('softphone-incoming');
    const nameHolder = byTestId('softphone-caller-name');
    const name = nameHolder.firstElementChild as HTMLElement | null;
    const number = byTestId('softphone-caller-number');
    // the left edge of each character as laid out: left to right means each one starts further right
    const text = number.firstChild!;
    const starts: number[] = [];
    for (let i = 0; i < (text.textContent ?? '').length; i++) {
      if (/\s/.test(text.textContent![i]!)) continue;
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      starts.push(range.getBoundingClientRect().left);
    }
    const p = panel.getBoundingClientRect();
    const n = number.getBoundingClientRect();
    return {
      document: { lang: document.documentElement.lang, dir: document.documentElement.dir, direction: getComputedStyle(document.documentElement).direction },
      name: {
        holderChildren: nameHolder.childElementCount,
        text: name?.textContent,
        markup: name?.childElementCount,
        // a <bdi>, or anything CSS isolates from the text around it
        isolated: !!name && (name.tagName === 'BDI' || ['isolate', 'isolate-override', 'plaintext'].includes(getComputedStyle(name).unicodeBidi)),
      },
      number: {
        direction: getComputedStyle(number).direction,
        text: number.textContent,
        charsLeftToRight: starts.length > 1 && starts.every((x, i) => i === 0 || x > starts[i - 1]!),
        insidePanel: n.width > 0 && n.left >= p.left - 0.5 && n.right <= p.right + 0.5 && n.top >= p.top - 0.5 && n.bottom <= p.bottom + 0.5,
      },
      labels: {
        panel: panel.getAttribute('aria-label'),
        answer: byTestId('softphone-answer').innerText,
        decline: byTestId('softphone-decline').innerText,
      },
    };
  });
}

describe('softphone in Hebrew: the incoming-call panel (Chromium, Kamailio, rtpengine, sipp)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  const state = (s: string) => alice.locator(`[data-testid="softphone"][data-state="${s}"]`).waitFor({ timeout: WAIT });

  beforeAll(async () => {
    await stack.start();
    // her own language, saved before her page signs in
    const { api } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD);
    expect((await api.request('PUT', '/api/auth/language', { language: 'he' })).status).toBe(200);
    browser = await launchSoftphoneBrowser();
    alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await alice.waitForFunction(() => document.documentElement.lang === 'he', undefined, { timeout: WAIT });
    await state('ready');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it('should show a Hebrew caller name isolated and exact, and the number left to right inside the panel, when a call rings in Hebrew', async () => {
    // Alice is the only rep signed in, so the trunk call rings her
    const sipp: SippRun = runSipp({
      scenario: scenarioWithAudio('uac-audio.xml', writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [[CALLER_NAME, CALLER_NUMBER]],
      extra: ['-mp', String(ports.sippUacMedia)],
      timeoutSec: 60,
    });
    try {
      await alice.getByTestId('softphone-incoming').waitFor({ timeout: WAIT });
      // the screen pop has arrived: the name shown is the one the backend stored
      await alice.getByTestId('softphone-pop-deal').waitFor({ timeout: WAIT });
      const shown = await readPanel(alice);

      expect(shown.document).toEqual({ lang: 'he', dir: 'rtl', direction: 'rtl' });
      // exactly the caller's text, as text (no element inside), in an isolate of its own
      expect(shown.name).toEqual({ holderChildren: 1, text: CALLER_NAME, markup: 0, isolated: true });
      expect(shown.number.direction).toBe('ltr');
      expect(shown.number.text).toBe(CALLER_NUMBER);
      // drawn "+36…" from left to right, not "3614567890+" as an RTL run would put it
      expect(shown.number.charsLeftToRight).toBe(true);
      expect(shown.number.insidePanel).toBe(true);
      for (const label of Object.values(shown.labels)) expect(label).toMatch(/[\u0590-\u05FF]/);

      await alice.getByTestId('softphone-answer').click();
      await state('in_call');
      await alice.getByTestId('softphone-hangup').click();
      expect((await sipp.done).code).toBe(0);
      await state('ready');
    } catch (e) {
      sipp.kill();
      const { output } = await sipp.done;
      throw new Error(`${String(e)}\n--- sipp ---\n${output}`);
    } finally {
      sipp.kill();
    }
  }, 90_000);
});
