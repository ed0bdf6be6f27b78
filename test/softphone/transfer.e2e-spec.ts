import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, receivedSipRequests, recordWebSocketFrames, type SoftphoneBrowser } from '../support/softphone/browser';
import { waitForLine } from '../support/softphone/file-watch';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { twoWayAudio } from '../support/softphone/two-way-audio';

const PASSWORD = 'callboard';
const CALLER = ['Carol Customer', '+36201234567'];

// Its own port block (inbound +0, outbound +300, network loss +600, bench +900, multi-tab +1200).
const base = Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 1500;
const ports = softphonePorts(base);
// the refused-INVITE sipp runs (no media) take two more ports of the block
const REFUSED_SIPP = { port: base + 60, control: base + 61 };

const dock = (page: Page, state: string, timeout = 15_000) =>
  page.locator(`[data-testid="softphone"][data-state="${state}"]`).waitFor({ timeout });

describe('softphone: blind transfer by REFER (Chromium, Kamailio, rtpengine, sipp as the carrier)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  let bob: Page;
  let api: { alice: Api; bob: Api; head: Api };
  let ids: { alice: string; bob: string };
  const runs: SippRun[] = [];

  const sql = async (text: string, params: unknown[] = []) => {
    const c = new Client({ connectionString: stack.backend.databaseUrl });
    await c.connect();
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  };

  /** A carrier INVITE with `token` that the SIP server must refuse: sipp expects exactly 403. */
  const refusedInvite = async (service: string, token: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-sipp-refused-'));
    const log = join(dir, 'refused.log');
    const run = runSipp({
      scenario: join(__dirname, 'scenarios', 'uac-transfer-refused.xml'),
      target: stack.sipTarget,
      service,
      port: REFUSED_SIPP.port,
      controlPort: REFUSED_SIPP.control,
      inject: [[...CALLER, token]],
      timeoutSec: 10,
      extra: ['-trace_logs', '-log_file', log],
    });
    runs.push(run);
    const result = await run.done;
    if (result.code !== 0) throw new Error(`the transfer INVITE was not refused with 403 (sipp ${result.code}):\n${result.output}`);
    return (await waitForLine(log, /FINAL (\d{3})/, 2_000))[1];
  };

  beforeAll(async () => {
    await stack.start();
    const root = new Api(stack.backend.url);
    const [a, b, h] = await Promise.all([root.login('alice@example.com'), root.login('bob@example.com'), root.login('head@example.com')]);
    api = { alice: a.api, bob: b.api, head: h.api };
    ids = { alice: a.user.id, bob: b.user.id };
    // this spec reads both boards during the calls: answering must not open the deal (issue 16)
    for (const rep of [a.api, b.api]) expect((await rep.request('PATCH', '/api/auth/preferences', { openDealOnAnswer: false })).status).toBe(200);
    browser = await launchSoftphoneBrowser();
    [alice, bob] = await Promise.all([
      browser.login(stack.backend.url, 'alice@example.com', PASSWORD),
      browser.login(stack.backend.url, 'bob@example.com', PASSWORD),
    ]);
    await Promise.all([dock(alice, 'ready'), dock(bob, 'ready')]);
    // what reaches Alice's browser over SIP, to check that no X-Callboard-* header gets through
    await recordWebSocketFrames(alice);
    await dock(alice, 'ready');
  }, 90_000);

  afterAll(async () => {
    for (const r of runs) r.kill();
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it('should transfer the call from Bob to Alice, carry audio on Alice’s leg and give the deal to Alice', async () => {
    const audio = writeUlawTone(2);
    const carrierLog = join(mkdtempSync(join(tmpdir(), 'cb-sipp-referee-')), 'referee.log');
    const carrier = runSipp({
      scenario: scenarioWithAudio('uac-transfer-referee.xml', audio),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [CALLER],
      extra: ['-mp', String(ports.sippUacMedia), '-trace_logs', '-log_file', carrierLog],
      timeoutSec: 90,
    });
    runs.push(carrier);
    let target: SippRun | null = null;
    try {
      // 1. the carrier's call rings both reps; Bob answers
      await bob.getByTestId('softphone-incoming').waitFor({ timeout: 10_000 });
      const firstCallId = (await bob.getByTestId('softphone-incoming').getAttribute('data-call-id'))!;
      await bob.getByTestId('softphone-pop-deal').waitFor({ timeout: 10_000 });
      const dealId = (await bob.getByTestId('softphone-pop-deal').getAttribute('data-deal-id'))!;
      await bob.getByTestId('softphone-answer').click();
      await dock(bob, 'in_call', 10_000);
      await alice.getByTestId('softphone-incoming').waitFor({ state: 'detached', timeout: 10_000 });
      await bob.getByTestId(`deal-card-${dealId}`).waitFor({ timeout: 10_000 });
      await waitFor(async () => (await api.head.get(`/api/deals/${dealId}`)).body.ownerId === ids.bob, 'the deal is Bob’s', 10_000);

      // 2. who may transfer: Alice is not on this call (403); Bob may not transfer to himself (400)
      const path = `/api/calls/${encodeURIComponent(firstCallId)}/transfer`;
      const notHers = await api.alice.post(path, { toUserId: ids.alice });
      expect(notHers.status).toBe(403);
      expect(notHers.body).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'not_on_call' } });
      const toSelf = await api.bob.post(path, { toUserId: ids.bob });
      expect(toSelf.status).toBe(400);
      expect(toSelf.body.details).toEqual({ reason: 'target_is_actor' });

      // 3. tokens the carrier might send that must not reach Alice: unknown, and expired
      const expired = await api.bob.post(path, { toUserId: ids.alice });
      expect(expired.status).toBe(201);
      const expiredToken = new URL(expired.body.referTo.replace(/^sip:/, 'sip://')).searchParams.get('X-Callboard-Transfer')!;
      await sql(`UPDATE call_transfers SET expires_at = now() - interval '1 second' WHERE token = $1`, [expiredToken]);
      expect(await refusedInvite(SALES_NUMBER, randomBytes(18).toString('base64url'))).toBe('403');
      expect(await refusedInvite(SALES_NUMBER, expiredToken)).toBe('403');
      expect((await api.head.get(`/api/deals/${dealId}`)).body.ownerId).toBe(ids.bob);

      // 4. Bob transfers with the picker: Alice is listed with her presence
      await bob.getByTestId('softphone-transfer').click();
      const option = bob.getByTestId(`softphone-transfer-to-${ids.alice}`);
      await option.waitFor({ timeout: 10_000 });
      expect(await option.getAttribute('data-presence')).toBe('available');
      await option.click();

      // the carrier gets the REFER (logged by sipp), accepts it and reports success; Bob's phone hangs up
      const [, referTo] = await waitForLine(carrierLog, /REFER-TO (\S+)/, 15_000);
      const m = /^sip:([^@]+)@[^?]+\?X-Callboard-Transfer=([A-Za-z0-9_-]+)$/.exec(referTo!);
      if (!m) throw new Error(`unexpected Refer-To: ${referTo}`);
      const [, referUser, token] = m;
      expect(referUser).toBe(SALES_NUMBER);
      await dock(bob, 'ready', 10_000);
      expect((await carrier.done).code).toBe(0);

      // 5. the carrier's new call to the Refer-To target, with the token: Alice rings, Bob does not
      await bob.evaluate(() => {
        const w = window as unknown as { __rang: boolean };
        w.__rang = false;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid="softphone-incoming"]')) w.__rang = true;
        }).observe(document.body, { childList: true, subtree: true });
      });
      target = runSipp({
        scenario: scenarioWithAudio('uac-transfer-invite.xml', audio),
        target: stack.sipTarget,
        service: referUser,
        port: ports.sippUas,
        controlPort: ports.sippUasControl,
        inject: [[...CALLER, token!]],
        extra: ['-mp', String(ports.sippUasMedia)],
        timeoutSec: 60,
      });
      runs.push(target);
      const panel = alice.getByTestId('softphone-incoming');
      await panel.waitFor({ timeout: 10_000 });
      const secondCallId = (await panel.getAttribute('data-call-id'))!;
      expect(secondCallId).not.toBe(firstCallId);
      // the carrier's X-Callboard-* headers (the token and two forged ones) never reach a phone
      const [invite] = (await receivedSipRequests(alice, 'INVITE')).filter((m) => m.includes(secondCallId));
      expect(invite).toBeDefined();
      expect(invite).not.toMatch(/^X-Callboard-/im);
      // her screen pop shows the deal being handed to her (still Bob's while she rings)
      await alice.locator(`[data-testid="softphone-pop-deal"][data-deal-id="${dealId}"]`).waitFor({ timeout: 10_000 });
      await alice.getByTestId('softphone-answer').click();
      await dock(alice, 'in_call', 10_000);

      // audio both ways on Alice's leg
      const media = await twoWayAudio(alice, stack.rtpengine, secondCallId, /SIPpTag/);
      console.log(JSON.stringify({ transfer: media }));
      expect(media.far.received).toBeGreaterThanOrEqual(100);
      expect(media.browser.received).toBeGreaterThanOrEqual(0.8 * (media.near.sent || media.far.received));
      expect(media.near.received).toBeGreaterThanOrEqual(0.8 * media.browser.sent);
      expect(media.unexpectedErrors).toBe(0);
      expect(await bob.evaluate(() => (window as unknown as { __rang: boolean }).__rang)).toBe(false);

      // 6. the deal is Alice's: API, live on both boards, timeline, call history
      await waitFor(async () => (await api.head.get(`/api/deals/${dealId}`)).body.ownerId === ids.alice, 'the deal is Alice’s', 10_000);
      await alice.getByTestId(`deal-card-${dealId}`).waitFor({ timeout: 10_000 });
      await bob.getByTestId(`deal-card-${dealId}`).waitFor({ state: 'detached', timeout: 10_000 });
      const timeline = (await api.head.get(`/api/deals/${dealId}/events`)).body as { type: string; data: Record<string, unknown> }[];
      expect(timeline.filter((e) => e.type === 'transferred')).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({ fromUserId: ids.bob, fromUserName: 'Bob Seller', toUserId: ids.alice, callId: firstCallId, newCallId: secondCallId }),
        }),
      ]);
      const calls = (await api.head.get('/api/calls?kind=all')).body as { sipCallId: string; outcome: string; dealId: string; answeredBy: string }[];
      expect(calls.find((c) => c.sipCallId === firstCallId)).toMatchObject({ outcome: 'transferred', dealId, answeredBy: ids.bob });
      expect(calls.find((c) => c.sipCallId === secondCallId)).toMatchObject({ dealId, answeredBy: ids.alice });

      await alice.getByTestId('softphone-hangup').click();
      expect((await target.done).code).toBe(0);
      await dock(alice, 'ready', 10_000);

      // 7. the used token is refused, and the deal stays Alice's
      expect(await refusedInvite(referUser!, token!)).toBe('403');
      expect((await api.head.get(`/api/deals/${dealId}`)).body.ownerId).toBe(ids.alice);
    } catch (e) {
      carrier.kill();
      target?.kill();
      const out = [`--- carrier sipp ---\n${(await carrier.done).output}`];
      if (target) out.push(`--- target sipp ---\n${(await target.done).output}`);
      throw new Error(`${String(e)}\n${out.join('\n')}`);
    }
  }, 150_000);
  it('should keep the call with Bob and say so when the carrier declines the REFER', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'cb-sipp-declined-')), 'declined.log');
    const carrier = runSipp({
      scenario: scenarioWithAudio('uac-transfer-declined.xml', writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      // another caller: the first test's caller now has Alice as owner (rung alone first)
      inject: [['Dan Declined', '+36201234999']],
      extra: ['-mp', String(ports.sippUacMedia), '-trace_logs', '-log_file', log],
      timeoutSec: 60,
    });
    runs.push(carrier);
    try {
      await bob.getByTestId('softphone-incoming').waitFor({ timeout: 10_000 });
      const callId = (await bob.getByTestId('softphone-incoming').getAttribute('data-call-id'))!;
      await bob.getByTestId('softphone-answer').click();
      await dock(bob, 'in_call', 10_000);
      await bob.getByTestId('softphone-transfer').click();
      await bob.getByTestId(`softphone-transfer-to-${ids.alice}`).click();
      await waitForLine(log, /REFER-TO sip:/, 15_000);
      const status = bob.locator('[data-testid="softphone-transfer-status"][data-status="refused"]');
      await status.waitFor({ timeout: 10_000 });
      expect(await status.textContent()).toMatch(/carrier refused the transfer/i);
      // the call is still Bob's, with audio
      expect(await bob.getByTestId('softphone-incall').getAttribute('data-call-id')).toBe(callId);
      await dock(bob, 'in_call', 1_000);
      const calls = (await api.head.get('/api/calls?kind=all')).body as { sipCallId: string; outcome: string }[];
      expect(calls.find((c) => c.sipCallId === callId)?.outcome).toBe('answered');
      await bob.getByTestId('softphone-hangup').click();
      expect((await carrier.done).code).toBe(0);
      await dock(bob, 'ready', 10_000);
      await waitFor(
        async () => ((await api.head.get('/api/calls?kind=all')).body as { sipCallId: string; outcome: string }[]).find((c) => c.sipCallId === callId)?.outcome === 'completed',
        'the declined transfer’s call logged as completed',
        10_000,
      );
    } catch (e) {
      carrier.kill();
      throw new Error(`${String(e)}\n--- carrier sipp ---\n${(await carrier.done).output}`);
    }
  }, 90_000);
});
