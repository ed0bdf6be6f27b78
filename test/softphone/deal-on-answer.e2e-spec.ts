import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { audioStats, launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';

// Issue 16, "the deal on screen while talking": Alice answers a carrier call and her browser opens
// the call's deal by itself; the in-call bar links the deal and the contact (keyboard, 390×844);
// while she types in a form, a link instead of navigating; with her setting off, nothing moves;
// answered on her desk phone, the browser that is open opens the deal too.

const PASSWORD = 'callboard';
const WAIT = 10_000;

// Its own port block (+4500..+4799).
const base = Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 4500;
const ports = softphonePorts(base);
// Alice's desk phone (a sipp UAS on UDP) and the sipp that registers it
const DESK = { port: base + 60, control: base + 61, media: base + 70 };
const REGISTRAR = { port: base + 62, control: base + 63 };

describe('softphone: the deal on screen while talking (Chromium, Kamailio, rtpengine, sipp)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  let api: Api;
  const runs: SippRun[] = [];
  const dock = (state: string) => alice.locator(`[data-testid="softphone"][data-state="${state}"]`).waitFor({ timeout: WAIT });
  const path = () => new URL(alice.url()).pathname;

  /** A carrier call from `number` that lasts until the browser hangs up. */
  const carrierCall = (name: string, number: string) => {
    const run = runSipp({
      scenario: scenarioWithAudio('uac-audio.xml', writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [[name, number]],
      extra: ['-mp', String(ports.sippUacMedia)],
      timeoutSec: 60,
    });
    runs.push(run);
    return run;
  };

  /** Runs `body` with the call; on failure the carrier's output is in the error. */
  const withCall = async (run: SippRun, body: () => Promise<void>) => {
    try {
      await body();
    } catch (e) {
      run.kill();
      throw new Error(`${String(e)}\n--- carrier ---\n${(await run.done).output}`);
    }
  };

  /** The ringing call's id, deal and contact, from the incoming panel's screen pop. */
  const ringing = async () => {
    const panel = alice.getByTestId('softphone-incoming');
    await panel.waitFor({ timeout: WAIT });
    const deal = alice.getByTestId('softphone-pop-deal');
    await deal.waitFor({ timeout: WAIT });
    return {
      callId: (await panel.getAttribute('data-call-id'))!,
      dealId: (await deal.getAttribute('data-deal-id'))!,
      contactId: (await alice.getByTestId('softphone-pop-contact').getAttribute('data-contact-id'))!,
    };
  };

  const hangUp = async (run: SippRun) => {
    await alice.getByTestId('softphone-hangup').click();
    expect((await run.done).code).toBe(0);
    await dock('ready');
    // the wrap-up (part 2) asks after every call: "Later" keeps it on Today and clears the corner for the next call
    await alice.getByTestId('wrap-up-later').click({ timeout: WAIT });
    await alice.getByTestId('wrap-up-panel').waitFor({ state: 'detached', timeout: WAIT });
  };

  beforeAll(async () => {
    await stack.start();
    api = (await new Api(stack.backend.url).login('alice@example.com', PASSWORD)).api;
    browser = await launchSoftphoneBrowser();
    alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await dock('ready');
  }, 90_000);

  afterAll(async () => {
    for (const r of runs) r.kill();
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it('should open the deal by itself when Alice answers, keep the call up, and link the deal and the contact from the in-call bar (keyboard, 390×844)', async () => {
    expect(path()).toBe('/board');
    const run = carrierCall('Deal Caller', '+36201230001');
    await withCall(run, async () => {
      const { dealId, contactId } = await ringing();
      await alice.getByTestId('softphone-answer').click();
      await alice.waitForURL(`**/deals/${dealId}`, { timeout: WAIT });
      await alice.getByTestId('deal-title').waitFor({ timeout: WAIT });
      expect(await alice.getByTestId('deal-title').innerText()).toContain('+36201230001');
      await dock('in_call');

      // the navigation did not touch the call: the carrier's audio keeps arriving
      const before = (await audioStats(alice)).received;
      await waitFor(async () => (await audioStats(alice)).received >= before + 25, 'carrier audio after the deal opened', WAIT);

      const bar = alice.getByTestId('softphone-incall');
      expect(await bar.getByTestId('softphone-call-deal-link').getAttribute('href')).toBe(`/deals/${dealId}`);
      expect(await bar.getByTestId('softphone-call-contact-link').getAttribute('href')).toBe(`/contacts/${contactId}`);
      // names are user content, isolated
      expect(await bar.locator('[data-testid="softphone-call-deal-link"] > bdi[data-user-content]').count()).toBe(1);
      expect(await bar.locator('[data-testid="softphone-call-contact-link"] > bdi[data-user-content]').count()).toBe(1);

      // keyboard: focus the contact link and press Enter; the contact opens, the call stays
      await bar.getByTestId('softphone-call-contact-link').focus();
      await alice.keyboard.press('Enter');
      await alice.waitForURL(`**/contacts/${contactId}`, { timeout: WAIT });
      await alice.getByTestId('contact-name').waitFor({ timeout: WAIT });
      await bar.getByTestId('softphone-call-deal-link').focus();
      await alice.keyboard.press('Enter');
      await alice.waitForURL(`**/deals/${dealId}`, { timeout: WAIT });
      await dock('in_call');

      // a phone-sized screen: the bar and its links inside the viewport, no sideways scrolling
      await alice.setViewportSize({ width: 390, height: 844 });
      const fit = await alice.evaluate(() => {
        const rect = (id: string) => document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect();
        const inside = (r: DOMRect) => r.width > 0 && r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight;
        return {
          bar: inside(rect('softphone-incall')),
          deal: inside(rect('softphone-call-deal')),
          contact: inside(rect('softphone-call-contact')),
          scrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
        };
      });
      expect(fit).toEqual({ bar: true, deal: true, contact: true, scrollsSideways: false });
      await alice.setViewportSize({ width: 1400, height: 900 });

      await hangUp(run);
      expect(await alice.getByTestId('softphone-call-records').count()).toBe(0);
    });
  }, 90_000);

  it('should not navigate while Alice types in a form, but show "Open the deal" for the call, which opens it', async () => {
    const other = (await api.post('/api/deals', { title: 'Harbour cranes' })).body as { id: string };
    await alice.goto(`${stack.backend.url}/deals/${other.id}`);
    await alice.getByTestId('deal-title').waitFor({ timeout: WAIT });
    await dock('ready');
    await alice.getByTestId('activity-body').fill('Called about the second crane');
    await alice.getByTestId('activity-body').focus();

    const run = carrierCall('Typing Caller', '+36201230002');
    await withCall(run, async () => {
      const { dealId } = await ringing();
      await alice.getByTestId('softphone-answer').click();
      await dock('in_call');
      const held = alice.getByTestId('softphone-open-held');
      await held.waitFor({ timeout: WAIT });
      // decided once the server's own answer has come too: still here, the note still typed
      await alice.locator('[data-testid="softphone-call-records"][data-from="server"]').waitFor({ timeout: WAIT });
      expect(path()).toBe(`/deals/${other.id}`);
      expect(await alice.getByTestId('activity-body').inputValue()).toBe('Called about the second crane');
      expect(await held.getAttribute('href')).toBe(`/deals/${dealId}`);
      expect(await held.innerText()).toMatch(/^Open the deal: .*\+36201230002/);

      // it stays for the call, and opens the deal when the rep is ready
      await held.click();
      await alice.waitForURL(`**/deals/${dealId}`, { timeout: WAIT });
      await alice.getByTestId('deal-title').waitFor({ timeout: WAIT });
      await expect(held.isVisible()).resolves.toBe(true);
      await hangUp(run);
      await held.waitFor({ state: 'detached', timeout: WAIT });
    });
  }, 90_000);

  it('should not navigate when Alice turned the setting off on her Account page', async () => {
    await alice.getByTestId('nav-account').click();
    const toggle = alice.getByTestId('open-deal-on-answer');
    await toggle.waitFor({ timeout: WAIT });
    expect(await toggle.isChecked()).toBe(true);
    const saved = alice.waitForResponse((r) => r.url().endsWith('/api/auth/preferences') && r.request().method() === 'PATCH');
    await toggle.click();
    expect((await saved).status()).toBe(200);
    await waitFor(async () => (await api.get('/api/auth/me')).body.openDealOnAnswer === false, 'the setting saved', WAIT);
    await alice.getByTestId('nav-board').click();
    await alice.getByTestId('board').waitFor({ timeout: WAIT });

    const run = carrierCall('Setting Caller', '+36201230003');
    await withCall(run, async () => {
      const { dealId } = await ringing();
      await alice.getByTestId('softphone-answer').click();
      await dock('in_call');
      await alice.locator('[data-testid="softphone-call-records"][data-from="server"]').waitFor({ timeout: WAIT });
      expect(path()).toBe('/board');
      expect(await alice.getByTestId('softphone-open-held').count()).toBe(0);
      // the bar still links the deal
      expect(await alice.getByTestId('softphone-call-deal-link').getAttribute('href')).toBe(`/deals/${dealId}`);
      await hangUp(run);
      expect(path()).toBe('/board');
    });

    // back on for the next case
    expect((await api.request('PATCH', '/api/auth/preferences', { openDealOnAnswer: true })).status).toBe(200);
    await alice.reload();
    await alice.getByTestId('board').waitFor({ timeout: WAIT });
    await dock('ready');
  }, 90_000);

  it('should open the deal in the open browser when Alice answers on her desk phone, and link it while the call lasts', async () => {
    // Alice's desk phone registers with the credentials the backend issues her
    const { user } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD);
    const creds = (await api.get('/api/telephony/credentials')).body as { authUsername: string; password: string };
    const reg = runSipp({
      scenario: 'register.xml',
      target: stack.sipTarget,
      port: REGISTRAR.port,
      controlPort: REGISTRAR.control,
      inject: [[user.extension, String(DESK.port), '600']],
      authUser: creds.authUsername,
      authPassword: creds.password,
    });
    expect((await reg.done).code).toBe(0);
    // it answers after 1.5 s of ringing, talks for 6 s and hangs up
    const desk = runSipp({
      scenario: scenarioWithAudio('uas-desk-audio.xml', writeUlawTone(2)),
      port: DESK.port,
      controlPort: DESK.control,
      durationMs: 1500,
      timeoutSec: 60,
      extra: ['-mp', String(DESK.media), '-trace_logs', '-log_file', join(mkdtempSync(join(tmpdir(), 'cb-sipp-desk-')), 'desk.log')],
    });
    runs.push(desk);
    expect(path()).toBe('/board');

    const run = carrierCall('Desk Caller', '+36201230004');
    await withCall(run, async () => {
      const { callId, dealId } = await ringing();
      // the desk phone answers: the browser's panel closes and the deal opens
      await alice.getByTestId('softphone-incoming').waitFor({ state: 'detached', timeout: WAIT });
      await alice.waitForURL(`**/deals/${dealId}`, { timeout: WAIT });
      await alice.getByTestId('deal-title').waitFor({ timeout: WAIT });
      const elsewhere = alice.getByTestId('softphone-elsewhere');
      await elsewhere.waitFor({ timeout: WAIT });
      expect(await elsewhere.getAttribute('data-call-id')).toBe(callId);
      expect(await elsewhere.getByTestId('softphone-call-deal-link').getAttribute('href')).toBe(`/deals/${dealId}`);
      // the desk phone hangs up after its audio: the panel goes
      expect((await run.done).code).toBe(0);
      expect((await desk.done).code).toBe(0);
      await elsewhere.waitFor({ state: 'detached', timeout: WAIT });
    });
  }, 90_000);
});
