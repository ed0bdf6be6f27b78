import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { audioStats, launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, writeUlawTone } from '../support/softphone/media-stack';
import { queryLegs } from '../support/softphone/rtpengine';

const PASSWORD = 'callboard';

/** The audio scenario with the generated µ-law file's path filled in. */
function audioScenario(file: string): string {
  const xml = readFileSync(join(__dirname, 'scenarios', 'uac-audio.xml'), 'utf8').replace('rtp_stream="AUDIO_FILE', `rtp_stream="${file}`);
  const out = join(mkdtempSync(join(tmpdir(), 'cb-sipp-sc-')), 'uac-audio.xml');
  writeFileSync(out, xml);
  return out;
}

describe('softphone: inbound call with real audio (Chromium, Kamailio, rtpengine, sipp)', () => {
  const stack = new MediaStack();
  let browser: SoftphoneBrowser;
  let alice: Page;
  let bob: Page;

  beforeAll(async () => {
    await stack.start();
    browser = await launchSoftphoneBrowser();
    [alice, bob] = await Promise.all([
      browser.login(stack.backend.url, 'alice@example.com', PASSWORD),
      browser.login(stack.backend.url, 'bob@example.com', PASSWORD),
    ]);
    await Promise.all([
      alice.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 15_000 }),
      bob.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 15_000 }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it('should ring both reps with the screen pop, carry audio both ways and give Bob the deal when Bob answers', async () => {
    const p = stack.ports;
    const sipp = runSipp({
      scenario: audioScenario(writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: p.sippUac,
      controlPort: p.sippUacControl,
      inject: [['Carol Customer', '+36201234567']],
      extra: ['-mp', String(p.sippUacMedia)],
      timeoutSec: 60,
    });
    try {
      // both panels ring, each with the screen pop (caller and the new Unsorted deal)
      const panels = [alice, bob].map((page) => page.getByTestId('softphone-incoming'));
      await Promise.all(panels.map((panel) => panel.waitFor({ timeout: 10_000 })));
      const callId = (await panels[1]!.getAttribute('data-call-id'))!;
      for (const page of [alice, bob]) {
        await page.getByTestId('softphone-pop-deal').waitFor({ timeout: 10_000 });
        expect(await page.getByTestId('softphone-caller-number').textContent()).toBe('+36201234567');
        expect(await page.getByTestId('softphone-caller-name').textContent()).toBe('Carol Customer');
      }
      const dealId = (await bob.getByTestId('softphone-pop-deal').getAttribute('data-deal-id'))!;
      expect(await alice.getByTestId('softphone-pop-deal').getAttribute('data-deal-id')).toBe(dealId);

      await bob.getByTestId('softphone-answer').click();
      await bob.locator('[data-testid="softphone"][data-state="in_call"]').waitFor({ timeout: 10_000 });
      // Alice's panel closes (call.taken / CANCEL)
      await alice.getByTestId('softphone-incoming').waitFor({ state: 'detached', timeout: 10_000 });

      // audio both ways: wait until Bob's browser has 2 s of trunk audio and has sent 2 s of its own
      const browserStats = await waitFor(
        async () => {
          const s = await audioStats(bob);
          return s.received >= 100 && s.sent >= 100 ? s : null;
        },
        'two-way RTP in Bob’s browser',
        15_000,
      );
      const { legs, totalErrors, beforeDtls, unexpectedErrors, raw } = await queryLegs(stack.rtpengine, callId);
      const trunk = legs.find((l) => l.tag.includes('SIPpTag'));
      const browserLeg = legs.find((l) => l !== trunk && (l.received > 0 || l.sent > 0));
      if (!trunk || !browserLeg) throw new Error(`legs not found: ${JSON.stringify(raw)}`);
      console.log(JSON.stringify({ browserStats, legs, totalErrors, beforeDtls }));
      // trunk → browser: what rtpengine sent toward the browser arrived there
      expect(trunk.received).toBeGreaterThanOrEqual(100);
      const towardBrowser = browserLeg.sent || trunk.received;
      expect(browserStats.received).toBeGreaterThanOrEqual(0.8 * towardBrowser);
      // browser → trunk: what the browser sent reached rtpengine and went on to the trunk
      expect(browserLeg.received).toBeGreaterThanOrEqual(0.8 * browserStats.sent);
      if (trunk.sent) expect(trunk.sent).toBeGreaterThanOrEqual(0.8 * browserLeg.received);
      expect(unexpectedErrors).toBe(0);

      // answering opened the deal in Bob's browser by itself (issue 16), the call still up; back on his board:
      await bob.waitForURL(`**/deals/${dealId}`, { timeout: 10_000 });
      await bob.getByTestId('nav-board').click();
      // the deal is Bob's now: on his board out of Unsorted (New, or further on by the default rules),
      // and gone from Alice's board
      const card = bob.getByTestId(`deal-card-${dealId}`);
      await card.waitFor({ timeout: 10_000 });
      await waitFor(
        async () => {
          const stage = await card.evaluate((el) => el.closest('[data-stage-name]')?.getAttribute('data-stage-name'));
          return stage && stage !== 'Unsorted';
        },
        'the card out of Unsorted on Bob’s board',
        10_000,
      );
      await alice.getByTestId(`deal-card-${dealId}`).waitFor({ state: 'detached', timeout: 10_000 });

      await bob.getByTestId('softphone-hangup').click();
      const result = await sipp.done;
      expect(result.code).toBe(0);
      await bob.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 10_000 });
    } catch (e) {
      sipp.kill();
      const { output } = await sipp.done;
      throw new Error(`${String(e)}\n--- sipp ---\n${output}`);
    } finally {
      sipp.kill();
    }
  }, 90_000);
});
