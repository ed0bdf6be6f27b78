import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { queryDatabase } from '../support/backend';
import { startTestKamailio } from '../support/sip/kamailio';
import { runSipp, SCENARIOS } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, SALES_NUMBER, softphonePorts } from '../support/softphone/media-stack';
import { TcpProxy } from '../support/softphone/tcp-proxy';

// Dead browsers mid-call (issue 12 item 8, ADR 0016): the real backend, Kamailio, rtpengine, bridge
// and Chromium; the carrier is sipp waiting for the BYE. Bob's browser reaches Kamailio's WebSocket
// through a relay the test can black-hole (the network dies without a FIN or RST).
const PASSWORD = 'callboard';
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 900);
/** The bound: both legs gone within 30 s. */
const DEAD_TAB_MS = 30_000;

describe('softphone: a browser that dies mid-call', () => {
  const proxy = new TcpProxy(ports.wsProxy, { host: '127.0.0.1', port: ports.ws });
  const stack = new MediaStack(ports, `ws://127.0.0.1:${ports.wsProxy}`);
  let browser: SoftphoneBrowser;
  let bobId: string;
  let calls = 0;
  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(stack.backend.databaseUrl, text, params);

  beforeAll(async () => {
    await stack.start();
    await proxy.restore();
    const { api } = await new Api(stack.backend.url).login('alice@example.com', PASSWORD);
    expect((await api.request('PUT', '/api/telephony/presence', { presence: 'offline' })).status).toBe(200);
    bobId = (await sql<{ id: string }>(`SELECT id FROM users WHERE email = 'bob@example.com'`))[0]!.id;
    browser = await launchSoftphoneBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await proxy.cut();
    await stack.stop();
  }, 30_000);

  /** Bob signs in on a fresh page and his phone is ready. */
  async function bobPage(): Promise<Page> {
    const page = await browser.login(stack.backend.url, 'bob@example.com', PASSWORD);
    await page.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 20_000 });
    return page;
  }

  /** A carrier call Bob answers; resolves with the sipp run (waiting for a BYE) and the call's SIP Call-ID. */
  async function answeredCall(page: Page) {
    calls++;
    const from = `+3620765432${calls}`;
    const sipp = runSipp({
      scenario: `${SCENARIOS}/uac-call-callee-hangs-up.xml`,
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [['Carol Customer', from, 'X-Callboard-Test: 1']],
      timeoutSec: 90,
    });
    await page.getByTestId('softphone-incoming').waitFor({ timeout: 15_000 });
    await page.getByTestId('softphone-answer').click();
    await page.locator('[data-testid="softphone"][data-state="in_call"]').waitFor({ timeout: 10_000 });
    const callId = await waitFor(async () => {
      const rows = await sql<{ sip_call_id: string }>(`SELECT sip_call_id FROM calls WHERE from_raw = $1 AND answered_at IS NOT NULL`, [from]);
      return rows[0]?.sip_call_id;
    }, 'the call answered in the CRM', 10_000);
    await waitFor(async () => (await sql(`SELECT 1 FROM users WHERE id = $1 AND presence = 'on_call'`, [bobId])).length === 1, 'Bob on_call', 10_000);
    return { sipp, callId };
  }

  /** The carrier got its BYE within the bound, the row is ended with a duration, Bob is no longer on_call. */
  async function bothLegsGone(sipp: ReturnType<typeof runSipp>, callId: string, since: number): Promise<number> {
    const done = await sipp.done;
    const byeMs = Date.now() - since;
    expect({ code: done.code, output: done.code === 0 ? '' : done.output }).toEqual({ code: 0, output: '' });
    expect(byeMs).toBeLessThan(DEAD_TAB_MS);
    const row = await waitFor(async () => (await sql(`SELECT ended_at, duration_sec, hangup_by FROM calls WHERE sip_call_id = $1 AND ended_at IS NOT NULL`, [callId]))[0], 'the call row ended', 10_000);
    expect(row.duration_sec).toEqual(expect.any(Number));
    expect(row.hangup_by).toBe('system');
    await waitFor(async () => (await sql(`SELECT 1 FROM users WHERE id = $1 AND presence <> 'on_call'`, [bobId])).length === 1, 'Bob no longer on_call', 10_000);
    return byeMs;
  }

  it('should end both legs when the tab is closed mid-call', async () => {
    const page = await bobPage();
    const { sipp, callId } = await answeredCall(page);
    const since = Date.now();
    await page.close();
    const byeMs = await bothLegsGone(sipp, callId, since);
    console.log(`tab closed mid-call: carrier's BYE after ${byeMs} ms`);
  }, 120_000);

  it('should end both legs when the browser’s network dies mid-call (no FIN, no RST)', async () => {
    const page = await bobPage();
    const { sipp, callId } = await answeredCall(page);
    const since = Date.now();
    proxy.blackhole();
    const byeMs = await bothLegsGone(sipp, callId, since);
    console.log(`network dead mid-call: carrier's BYE after ${byeMs} ms`);
    await proxy.cut();
    await proxy.restore();
    await page.close();
  }, 120_000);

  it('should have the browser registered again within 10 s of a Kamailio restart', async () => {
    const page = await bobPage();
    const options = stack.kamailio.options;
    await stack.kamailio.stop();
    const restartedAt = Date.now();
    stack.kamailio = await startTestKamailio(options);
    await page.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 15_000 });
    const contactMs = await waitFor(async () => {
      const r = (await stack.kamailio.rpc<{ Contacts?: unknown[] }>('ul.lookup', ['location', '1002']).catch(() => null)) ?? {};
      return (r.Contacts ?? []).length > 0 && Date.now() - restartedAt;
    }, 'Bob’s contact registered again', 15_000);
    console.log(`Kamailio restart: browser registered again after ${contactMs} ms`);
    expect(contactMs).toBeLessThan(10_000);
    await page.close();
  }, 90_000);
});
