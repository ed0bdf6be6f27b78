import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { audioStats, launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { TcpProxy } from '../support/softphone/tcp-proxy';

const PASSWORD = 'callboard';

// Its own port block (inbound-audio takes base+0, outbound-and-controls base+300).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 600);

describe('softphone: network loss (the WebSocket cut under a registered browser)', () => {
  // the browser reaches Kamailio's WebSocket only through a relay the test can cut
  const proxy = new TcpProxy(ports.wsProxy, { host: '127.0.0.1', port: ports.ws });
  const stack = new MediaStack(ports, `ws://127.0.0.1:${ports.wsProxy}`);
  const tone = writeUlawTone(2);
  let browser: SoftphoneBrowser;
  let bob: Page;
  let calls = 0;
  const state = (s: string, timeout = 10_000) => bob.locator(`[data-testid="softphone"][data-state="${s}"]`).waitFor({ timeout });

  beforeAll(async () => {
    await stack.start();
    await proxy.restore();
    // only Bob is routed to
    const { api } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD);
    expect((await api.request('PUT', '/api/telephony/presence', { presence: 'offline' })).status).toBe(200);
    browser = await launchSoftphoneBrowser();
    bob = await browser.login(stack.backend.url, 'bob@example.com', PASSWORD);
    await state('ready', 15_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await proxy.cut();
    await stack.stop();
  }, 30_000);

  /** A trunk call with audio to the sales number: Bob's panel rings, he answers, audio arrives, he hangs up. */
  async function callReachesBob(): Promise<void> {
    calls++;
    const sipp = runSipp({
      scenario: scenarioWithAudio('uac-audio.xml', tone),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [['Carol Customer', `+3620123456${calls}`]],
      extra: ['-mp', String(ports.sippUacMedia)],
      timeoutSec: 30,
    });
    try {
      await bob.getByTestId('softphone-incoming').waitFor({ timeout: 10_000 });
      await bob.getByTestId('softphone-answer').click();
      await state('in_call');
      await waitFor(async () => (await audioStats(bob)).received >= 25, 'audio from the trunk in Bob’s browser', 10_000);
      await bob.getByTestId('softphone-hangup').click();
      expect((await sipp.done).code).toBe(0);
      await state('ready');
    } catch (e) {
      sipp.kill();
      throw new Error(`${String(e)}\n--- sipp ---\n${(await sipp.done).output}`);
    } finally {
      sipp.kill();
    }
  }

  it('should show the phone offline when its WebSocket is cut, reconnect and re-register by itself, and ring for the next call', async () => {
    const before = proxy.accepted;
    await proxy.cut();
    await state('disconnected');
    expect(await bob.getByTestId('softphone-error').textContent()).toMatch(/lost/i);
    await proxy.restore();
    // sip.js retries every 2 s: a new connection, then a REGISTER on it
    await state('ready', 15_000);
    expect(proxy.accepted).toBeGreaterThan(before);
    await callReachesBob();
  }, 60_000);

  it('should come back the same way after the browser itself goes offline and online', async () => {
    const before = proxy.accepted;
    await bob.context().setOffline(true);
    // offline emulation leaves an open WebSocket up (measured: still registered after 20 s): cut it as a dead network would
    await proxy.cut();
    await state('disconnected');
    await proxy.restore();
    await bob.context().setOffline(false);
    await state('ready', 15_000);
    expect(proxy.accepted).toBeGreaterThan(before);
    await callReachesBob();
  }, 60_000);
});
