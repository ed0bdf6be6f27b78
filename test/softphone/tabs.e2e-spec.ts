import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { audioStats, launchSoftphoneBrowser, micStats, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';

const PASSWORD = 'callboard';
const CALLEE = '+36301113333';

// Its own port block (inbound +0, outbound +300, network loss +600, bench +900, multi-tab +1200).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 2100);

/** Every socket.io WebSocket the page opens (the SIP WebSocket to Kamailio is not one), and how many closed. */
function trackSocketIo(page: Page) {
  const opened: string[] = [];
  let closed = 0;
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/socket.io/')) return;
    opened.push(ws.url());
    ws.on('close', () => closed++);
  });
  return { opened, closed: () => closed };
}

describe('softphone across tabs: click-to-call from the tab without the phone, presence from the server, one socket per tab', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let api: Api;
  let dealId: string;
  let decoyDealId: string;
  const dock = (page: Page, tab: 'holder' | 'other', state: string, timeout = 15_000) =>
    page.locator(`[data-testid="softphone"][data-phone-tab="${tab}"][data-state="${state}"]`).waitFor({ timeout });
  const presenceIs = (page: Page, value: string, what: string) =>
    waitFor(async () => (await page.getByTestId('softphone-presence').inputValue()) === value, what, 10_000);

  beforeAll(async () => {
    await stack.start();
    // nobody is rung here; Alice's presence is one she chose, to be given back after the call
    ({ api } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD));
    expect((await api.request('PUT', '/api/telephony/presence', { presence: 'busy' })).status).toBe(200);
    const contact = await api.post('/api/contacts', { name: 'Tabitha Callee', phones: [{ number: CALLEE }] });
    expect(contact.status).toBe(201);
    const deal = await api.post('/api/deals', { title: 'Called from the other tab', contactId: contact.body.id });
    expect(deal.status).toBe(201);
    dealId = deal.body.id;
    // created later, so without X-Callboard-Deal the server would log the call here (newest open deal)
    const decoy = await api.post('/api/deals', { title: 'Newer deal of the same contact', contactId: contact.body.id });
    expect(decoy.status).toBe(201);
    decoyDealId = decoy.body.id;
    browser = await launchSoftphoneBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it('should open exactly one socket.io connection per tab across pages, and one new one after logging out and in', async () => {
    const alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    const sockets = trackSocketIo(alice);
    await alice.reload();
    await alice.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await dock(alice, 'holder', 'ready');
    // every feature that listens is mounted: board, softphone, notifications; then more pages
    await alice.getByTestId('nav-today').click();
    await alice.getByTestId('today-page').waitFor();
    await alice.getByTestId('nav-calls').click();
    await alice.getByTestId('call-history').waitFor();
    await alice.getByTestId('notifications-bell').click();
    await alice.getByTestId('nav-board').click();
    await alice.getByTestId('board').waitFor();
    expect(sockets.opened).toHaveLength(1);
    expect(sockets.closed()).toBe(0);

    // a second tab opens its own one, and only one
    const second = await alice.context().newPage();
    const secondSockets = trackSocketIo(second);
    await second.goto(`${stack.backend.url}/deals/${dealId}`);
    await second.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await dock(second, 'other', 'ready');
    expect(secondSockets.opened).toHaveLength(1);
    await second.close();

    // logging out closes it; logging in again opens one with the new token
    await alice.getByTestId('logout').click();
    await alice.getByTestId('login-email').waitFor();
    await waitFor(async () => sockets.closed() === 1, 'the socket closed on logout', 5_000);
    await alice.getByTestId('login-email').fill('alice@example.com');
    await alice.getByTestId('login-password').fill(PASSWORD);
    await alice.getByTestId('login-submit').click();
    await alice.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await dock(alice, 'holder', 'ready');
    expect(sockets.opened).toHaveLength(2);
    expect(sockets.closed()).toBe(1);
    await alice.context().close();
  }, 90_000);

  it('should call from the tab without the phone through the holder tab, hold, mute and hang up from there, show On call in both tabs and to the Head, and give the presence back after', async () => {
    const holderTab = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await dock(holderTab, 'holder', 'ready');
    const otherTab = await holderTab.context().newPage();
    await otherTab.goto(`${stack.backend.url}/deals/${dealId}`);
    await dock(otherTab, 'other', 'ready');
    await presenceIs(holderTab, 'busy', 'the stored presence in the holder tab');
    await presenceIs(otherTab, 'busy', 'the stored presence in the other tab');
    const head = await browser.login(stack.backend.url, 'head@example.com', PASSWORD);
    await head.getByTestId('nav-team').click();
    const aliceRow = head.locator('[data-testid="team-member"]', { hasText: 'Alice' });
    await aliceRow.waitFor();
    expect(await aliceRow.getAttribute('data-presence')).toBe('busy');

    const button = otherTab.getByTestId('click-to-call');
    expect(await button.getAttribute('data-number')).toBe(CALLEE);
    expect(await button.isEnabled()).toBe(true);

    const carrierLog = join(mkdtempSync(join(tmpdir(), 'cb-sipp-log-')), 'carrier.log');
    const answered = () =>
      existsSync(carrierLog)
        ? readFileSync(carrierLog, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('ANSWERED '))
            .map((l) => l.split(' ')[1])
        : [];
    const carrier: SippRun = runSipp({
      scenario: scenarioWithAudio('uas-audio-controls.xml', writeUlawTone(2)),
      port: ports.sippUas,
      controlPort: ports.sippUasControl,
      extra: ['-mp', String(ports.sippUasMedia), '-trace_logs', '-log_file', carrierLog],
      timeoutSec: 60,
    });
    let callId = '';
    try {
      await button.click();
      // the holder tab places it; the clicking tab mirrors it
      await dock(holderTab, 'holder', 'in_call');
      callId = (await holderTab.getByTestId('softphone-incall').getAttribute('data-call-id'))!;
      expect(callId).toBeTruthy();
      await waitFor(async () => answered().length === 1, 'the carrier answered', 5_000);
      expect(answered()).toEqual([callId]);
      await dock(otherTab, 'other', 'in_call');
      const mirrored = otherTab.getByTestId('softphone-other-call');
      expect(await mirrored.getAttribute('data-call-id')).toBe(callId);
      expect(await mirrored.textContent()).toContain(CALLEE);
      expect(await otherTab.getByTestId('softphone-incall').count()).toBe(0);
      // no second call while this one is up, and the button says why
      expect(await button.isDisabled()).toBe(true);
      expect(await button.getAttribute('data-blocked-reason')).toMatch(/already up/);
      // the audio is in the holder tab
      await waitFor(async () => (await audioStats(holderTab)).received >= 25, 'carrier audio in the holder tab', 10_000);

      // on_call comes from the server, in both tabs and on the Head's team view
      await presenceIs(holderTab, 'on_call', 'On call in the holder tab');
      await presenceIs(otherTab, 'on_call', 'On call in the other tab');
      expect(await otherTab.getByTestId('softphone-presence').isDisabled()).toBe(true);
      await head.locator('[data-testid="team-member"][data-presence="on_call"]', { hasText: 'Alice' }).waitFor({ timeout: 10_000 });
      await waitFor(async () => ((await aliceRow.getByTestId('team-call-party').textContent()) ?? '').includes(CALLEE), 'the callee on the team view');

      // the other tab holds, resumes, mutes and hangs up the holder's call (the holder tab does it)
      await otherTab.getByTestId('softphone-other-hold').click();
      await dock(holderTab, 'holder', 'on_hold');
      await dock(otherTab, 'other', 'on_hold');
      expect(await otherTab.getByTestId('softphone-other-hold').textContent()).toBe('Resume');
      await otherTab.getByTestId('softphone-other-hold').click();
      await dock(holderTab, 'holder', 'in_call');
      await otherTab.getByTestId('softphone-other-mute').click();
      await otherTab.locator('[data-testid="softphone-other-mute"][aria-pressed="true"]').waitFor({ timeout: 5_000 });
      await waitFor(async () => (await micStats(holderTab)).enabled.every((on) => !on), 'the holder tab’s microphone track disabled', 5_000);
      await otherTab.getByTestId('softphone-other-mute').click();
      await waitFor(async () => (await micStats(holderTab)).enabled.some((on) => on), 'the holder tab’s microphone back on', 5_000);
      await otherTab.getByTestId('softphone-other-hangup').click();
      expect((await carrier.done).code).toBe(0);
    } catch (e) {
      carrier.kill();
      const log = existsSync(carrierLog) ? readFileSync(carrierLog, 'utf8').slice(-2000) : '(no log)';
      throw new Error(`${String(e)}\n--- carrier log ---\n${log}\n--- sipp ---\n${(await carrier.done).output}`);
    } finally {
      carrier.kill();
    }
    await dock(holderTab, 'holder', 'ready');
    await dock(otherTab, 'other', 'ready');
    // the presence chosen before the call is back everywhere
    await presenceIs(holderTab, 'busy', 'busy again in the holder tab');
    await presenceIs(otherTab, 'busy', 'busy again in the other tab');
    await head.locator('[data-testid="team-member"][data-presence="busy"]', { hasText: 'Alice' }).waitFor({ timeout: 10_000 });

    // logged on the deal the button was on (its X-Callboard-Deal), not on the contact's newer deal
    const event = await waitFor(
      async () => {
        const res = await api.get(`/api/deals/${dealId}/events`);
        return (res.body as Array<{ type: string; data: Record<string, unknown> }>).find((e) => e.type === 'call' && e.data.callId === callId);
      },
      'the call on the deal’s timeline',
    );
    expect(event.data).toMatchObject({ direction: 'outbound', to: CALLEE, outcome: 'completed' });
    const decoyEvents = (await api.get(`/api/deals/${decoyDealId}/events`)).body as Array<{ type: string }>;
    expect(decoyEvents.filter((e) => e.type === 'call')).toEqual([]);

    // a presence chosen in one tab shows in the other
    await otherTab.getByTestId('softphone-presence').selectOption('dnd');
    await presenceIs(holderTab, 'dnd', 'the other tab’s choice in the holder tab');
    await head.locator('[data-testid="team-member"][data-presence="dnd"]', { hasText: 'Alice' }).waitFor({ timeout: 10_000 });
  }, 120_000);

  it('should render the app without the phone’s code (loaded after the first paint), and say so when that code cannot load', async () => {
    const alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    // the softphone's chunk (sip.js inside) never arrives
    await alice.route('**/assets/softphone-dock-*.js', (route) => route.abort());
    await alice.reload();
    await alice.getByTestId('board').waitFor();
    await alice.getByTestId('softphone-load-failed').waitFor({ timeout: 10_000 });
    expect(await alice.getByTestId('softphone').count()).toBe(0);
    // the rest of the app works: live board, navigation
    await alice.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await alice.getByTestId('nav-calls').click();
    await alice.getByTestId('call-history').waitFor();
    // with its code back, a reload brings the phone
    await alice.unroute('**/assets/softphone-dock-*.js');
    await alice.reload();
    await dock(alice, 'holder', 'ready');
    await alice.context().close();
  }, 60_000);

  it('should connect the phone by itself when its first connection attempt failed', async () => {
    const alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    // the first credentials request after the reload fails, as under a server hiccup
    let refused = 0;
    await alice.route('**/api/telephony/credentials', async (route) => {
      if (refused++ > 0) return route.continue();
      await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, code: 'UNAVAILABLE', message: 'Try again' }) });
    });
    await alice.reload();
    // the refused attempt, then the phone's own retry 2 s later (no reload, no click) reaches ready;
    // the short 'disconnected' with its message in between is not waited for (under load it can
    // come and go between two polls)
    await dock(alice, 'holder', 'ready', 20_000);
    expect(refused).toBe(2);
    await alice.context().close();
  }, 60_000);
});

