import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';

const PASSWORD = 'callboard';

// Its own port block (inbound +0, outbound +300, network loss +600, bench +900).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 1200);

type UlDump = { Domains: { Domain: { Domain: string; AoRs?: unknown } }[] };

/** Every contact Kamailio's `location` table holds (one per registered tab; `ringall` mirrors it). */
async function registeredContacts(stack: MediaStack): Promise<string[]> {
  const dump = (await stack.kamailio.rpc<UlDump>('ul.dump')).Domains.find((d) => d.Domain.Domain === 'location')?.Domain.AoRs;
  const contacts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.Address === 'string') contacts.push(record.Address);
      Object.values(record).forEach(walk);
    }
  };
  walk(dump);
  return contacts;
}

describe('softphone: two tabs of one user', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let first: Page;
  let second: Page;
  const dock = (page: Page, tab: 'holder' | 'other', state: string, timeout = 15_000) =>
    page.locator(`[data-testid="softphone"][data-phone-tab="${tab}"][data-state="${state}"]`).waitFor({ timeout });

  beforeAll(async () => {
    await stack.start();
    // only Alice is routed to
    for (const email of ['bob@example.com', 'head@example.com']) {
      const { api } = await new Api(stack.backend.url).login(email, PASSWORD);
      expect((await api.request('PUT', '/api/telephony/presence', { presence: 'offline' })).status).toBe(200);
    }
    browser = await launchSoftphoneBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it('should register once when two tabs are open, and move the registration when the other tab takes the phone', async () => {
    first = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await dock(first, 'holder', 'ready');
    // a second tab of the same browser profile (same session)
    second = await first.context().newPage();
    await second.goto(`${stack.backend.url}/`);
    await dock(second, 'other', 'ready');
    await waitFor(async () => (await registeredContacts(stack)).length === 1, 'one registration', 5_000);
    const [firstContact] = await registeredContacts(stack);
    // the second tab sees the holder's state and nothing registers there
    expect(await second.getByTestId('softphone-status').textContent()).toMatch(/another tab/i);
    expect(await registeredContacts(stack)).toHaveLength(1);

    await second.getByTestId('softphone-take-over').click();
    await dock(second, 'holder', 'ready');
    await dock(first, 'other', 'ready');
    // the first tab unregistered: one binding, the second tab's
    await waitFor(
      async () => {
        const contacts = await registeredContacts(stack);
        return contacts.length === 1 && contacts[0] !== firstContact;
      },
      'the registration moved to the second tab',
      10_000,
    );

    // closing the holder hands the phone back to the remaining tab
    await second.close();
    await dock(first, 'holder', 'ready');
    await waitFor(async () => (await registeredContacts(stack)).length >= 1, 'the first tab registered again', 10_000);
  }, 90_000);

  it('should ring (with the ring tone) and answer in the holder tab only, show the call on the Head’s team view live, and list it in the call history', async () => {
    await dock(first, 'holder', 'ready');
    second = await first.context().newPage();
    await second.goto(`${stack.backend.url}/`);
    await dock(second, 'other', 'ready');
    const head = await browser.login(stack.backend.url, 'head@example.com', PASSWORD);
    await head.getByTestId('nav-team').click();
    const aliceRow = head.locator('[data-testid="team-member"]', { hasText: 'Alice' });
    await aliceRow.waitFor();

    const sipp = runSipp({
      scenario: scenarioWithAudio('uac-audio.xml', writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [['Carol Customer', '+36201234599']],
      extra: ['-mp', String(ports.sippUacMedia)],
      timeoutSec: 30,
    });
    try {
      await first.getByTestId('softphone-incoming').waitFor({ timeout: 10_000 });
      expect(await first.getByTestId('softphone').getAttribute('data-ringtone')).toBe('on');
      // the other tab mirrors the ringing but has no panel to answer from
      await dock(second, 'other', 'ringing');
      expect(await second.getByTestId('softphone-incoming').count()).toBe(0);
      await first.getByTestId('softphone-answer').click();
      await dock(first, 'holder', 'in_call');
      expect(await first.getByTestId('softphone').getAttribute('data-ringtone')).toBe('off');
      await dock(second, 'other', 'in_call');
      // the Head sees Alice on the call, with whom, live
      await head.locator('[data-testid="team-member"][data-presence="on_call"]', { hasText: 'Alice' }).waitFor({ timeout: 10_000 });
      await waitFor(async () => /\+36201234599/.test((await aliceRow.getByTestId('team-call-party').textContent()) ?? ''), 'the caller on the team view');
      await first.getByTestId('softphone-hangup').click();
      expect((await sipp.done).code).toBe(0);
    } catch (e) {
      sipp.kill();
      throw new Error(`${String(e)}\n--- sipp ---\n${(await sipp.done).output}`);
    } finally {
      sipp.kill();
    }
    await dock(first, 'holder', 'ready');
    await head.locator('[data-testid="team-member"][data-presence="available"]', { hasText: 'Alice' }).waitFor({ timeout: 10_000 });
    // presence and live calls are two queries refetched on the same hints: the call leaves the row
    // a moment after the presence changes, so wait for it rather than read it once
    await waitFor(async () => (await aliceRow.getByTestId('team-call-party').textContent()) === '—', 'the call gone from the team view');

    // call history: the inbound call, linked to its deal
    await first.getByTestId('nav-calls').click();
    const row = first.locator('[data-testid="calls-row"][data-direction="inbound"]').first();
    await row.waitFor();
    expect(await row.getAttribute('data-outcome')).toBe('completed');
    expect(await row.getByTestId('calls-deal-link').getAttribute('href')).toMatch(/^\/deals\/[0-9a-f-]{36}$/);
    await first.getByTestId('calls-filter-outbound').click();
    await first.getByTestId('calls-empty').waitFor();
    await first.getByTestId('calls-filter-missed').click();
    await first.getByTestId('calls-empty').waitFor();
  }, 90_000);

  it('should explain how to allow the microphone when the browser refuses it at answer', async () => {
    await first.context().close();
    const alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    // what a person who clicked "Block" gets from getUserMedia
    await alice.context().addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await alice.reload();
    await dock(alice, 'holder', 'ready');
    expect(await alice.getByTestId('softphone-mic-blocked').count()).toBe(0);
    const sipp = runSipp({
      scenario: scenarioWithAudio('uac-audio.xml', writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [['Carol Customer', '+36201234598']],
      extra: ['-mp', String(ports.sippUacMedia)],
      timeoutSec: 30,
    });
    try {
      await alice.getByTestId('softphone-incoming').waitFor({ timeout: 10_000 });
      await alice.getByTestId('softphone-answer').click();
      await alice.getByTestId('softphone-mic-blocked').waitFor({ timeout: 10_000 });
      expect(await alice.getByTestId('softphone-mic-blocked').textContent()).toMatch(/Microphone blocked.*Allow/);
      // the failed answer ends the call here: back to ready, no ring tone
      await dock(alice, 'holder', 'ready');
      expect(await alice.getByTestId('softphone').getAttribute('data-ringtone')).toBe('off');
    } finally {
      // the trunk's scenario expects an answer it never gets
      sipp.kill();
      await sipp.done;
    }
  }, 60_000);
});
