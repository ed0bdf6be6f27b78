import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { audioStats, launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { waitForLine } from '../support/softphone/file-watch';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { twoWayAudio } from '../support/softphone/two-way-audio';

const PASSWORD = 'callboard';

// Its own port block (issue 16: attended transfer +5700).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 5700);

const dock = (page: Page, state: string, timeout = 15_000) =>
  page.locator(`[data-testid="softphone"][data-state="${state}"]`).waitFor({ timeout });

/** Lines a sipp scenario logged with `prefix` (DIR <direction>, REFER-TO <uri>), in order. */
const logged = (file: string, prefix: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${prefix} `))
    .map((l) => l.split(' ')[1]!);

/** Whether each open call's microphone track is sending, oldest call first. */
const microphones = (page: Page) =>
  page.evaluate(() =>
    ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? [])
      .filter((pc) => pc.connectionState !== 'closed')
      .map((pc) => pc.getSenders().some((s) => s.track?.kind === 'audio' && s.track.enabled)),
  );

/** From now on, records which open call (index, oldest first) each RFC 4733 digit is sent on. */
const recordKeys = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; __keys: { pc: number; tones: string }[] };
    w.__keys = [];
    w.__pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .forEach((pc, i) => {
        const dtmf = pc.getSenders().find((s) => s.track?.kind === 'audio')?.dtmf;
        if (!dtmf) return;
        const insert = dtmf.insertDTMF.bind(dtmf);
        dtmf.insertDTMF = (tones: string, duration?: number, gap?: number) => {
          w.__keys.push({ pc: i, tones });
          insert(tones, duration, gap);
        };
      });
  });
const keysSent = (page: Page) => page.evaluate(() => (window as unknown as { __keys: { pc: number; tones: string }[] }).__keys);

/** Counts the incoming-call panels a page shows from now on (a replacing call must not ring). */
const watchRinging = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __rang: boolean };
    w.__rang = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="softphone-incoming"]')) w.__rang = true;
    }).observe(document.body, { childList: true, subtree: true });
  });

describe('softphone: attended transfer — consult a teammate with the caller on hold, then complete or go back (Chromium, Kamailio, rtpengine, sipp as the carrier)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  let bob: Page;
  let api: { alice: Api; bob: Api; head: Api };
  let ids: { alice: string; bob: string };
  const runs: SippRun[] = [];
  /** The pages' warnings and errors, printed when a test fails. */
  const console_: string[] = [];

  const sql = async (text: string, params: unknown[] = []) => {
    const c = new Client({ connectionString: stack.backend.databaseUrl });
    await c.connect();
    try {
      return (await c.query(text, params)).rows;
    } finally {
      await c.end();
    }
  };
  const transfersOf = async (sipCallId: string) =>
    Number((await sql(`SELECT count(*)::int AS n FROM call_transfers t JOIN calls c ON c.id = t.call_id WHERE c.sip_call_id = $1`, [sipCallId]))[0].n);

  beforeAll(async () => {
    await stack.start();
    const root = new Api(stack.backend.url);
    const [a, b, h] = await Promise.all([root.login('alice@example.com'), root.login('bob@example.com'), root.login('head@example.com')]);
    api = { alice: a.api, bob: b.api, head: h.api };
    ids = { alice: a.user.id, bob: b.user.id };
    // this spec reads the boards during the calls: answering must not open the deal (issue 16)
    for (const rep of [a.api, b.api]) expect((await rep.request('PATCH', '/api/auth/preferences', { openDealOnAnswer: false })).status).toBe(200);
    browser = await launchSoftphoneBrowser();
    [alice, bob] = await Promise.all([
      browser.login(stack.backend.url, 'alice@example.com', PASSWORD),
      browser.login(stack.backend.url, 'bob@example.com', PASSWORD),
    ]);
    await Promise.all([dock(alice, 'ready'), dock(bob, 'ready')]);
    for (const [who, page] of [['alice', alice], ['bob', bob]] as const) {
      page.on('console', (m) => m.type() !== 'log' && console_.push(`${who} ${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => console_.push(`${who} pageerror: ${String(e)}`));
    }
  }, 90_000);

  afterAll(async () => {
    for (const r of runs) r.kill();
    await browser?.close();
    await stack.stop();
  }, 30_000);

  /** A carrier call (caller `caller`) that Alice answers: the carrier run, its log, the Call-ID and the deal. */
  async function aliceAnswers(caller: string[], scenario = 'uac-transfer-referee-hold.xml') {
    const log = join(mkdtempSync(join(tmpdir(), 'cb-sipp-attended-')), 'carrier.log');
    const carrier = runSipp({
      scenario: scenarioWithAudio(scenario, writeUlawTone(2)),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [caller],
      extra: ['-mp', String(ports.sippUacMedia), '-trace_logs', '-log_file', log],
      timeoutSec: 120,
    });
    runs.push(carrier);
    const panel = alice.getByTestId('softphone-incoming');
    await panel.waitFor({ timeout: 10_000 });
    const callId = (await panel.getAttribute('data-call-id'))!;
    await alice.getByTestId('softphone-pop-deal').waitFor({ timeout: 10_000 });
    const dealId = (await alice.getByTestId('softphone-pop-deal').getAttribute('data-deal-id'))!;
    await alice.getByTestId('softphone-answer').click();
    await dock(alice, 'in_call', 10_000);
    await bob.getByTestId('softphone-incoming').waitFor({ state: 'detached', timeout: 10_000 });
    await waitFor(async () => (await api.head.get(`/api/deals/${dealId}`)).body.ownerId === ids.alice, 'the deal is Alice’s', 10_000);
    return { carrier, log, callId, dealId };
  }

  /** Alice consults Bob from the transfer panel: the caller goes on hold and Bob's phone rings. Bob's side's Call-ID. */
  async function aliceConsultsBob(log: string, holdsSoFar: number): Promise<string> {
    await alice.getByTestId('softphone-transfer').click();
    await alice.getByTestId(`softphone-consult-${ids.bob}`).click();
    await dock(alice, 'on_hold', 10_000);
    await waitFor(() => logged(log, 'DIR').filter((d) => d === 'sendonly').length === holdsSoFar + 1, 'the caller put on hold (re-INVITE sendonly)', 10_000);
    await alice.locator('[data-testid="softphone-consult"][data-state="ringing"]').waitFor({ timeout: 10_000 });
    const panel = bob.getByTestId('softphone-incoming');
    await panel.waitFor({ timeout: 10_000 });
    return (await panel.getAttribute('data-call-id'))!;
  }

  async function explain(runsOfTest: SippRun[], work: () => Promise<void>, logs: string[] = []): Promise<void> {
    try {
      await work();
    } catch (e) {
      for (const r of runsOfTest) r.kill();
      const out = await Promise.all(runsOfTest.map(async (r, i) => `--- sipp #${i + 1} ---\n${(await r.done).output.slice(-3000)}`));
      const logText = logs.map((f) => `--- ${f} ---\n${(() => { try { return readFileSync(f, 'utf8').slice(-5000); } catch { return '(none)'; } })()}`);
      const docks = await Promise.all(
        [alice, bob].map((p) =>
          p.evaluate(() => {
            const d = document.querySelector('[data-testid="softphone"]');
            const bar = document.querySelector('[data-testid="softphone-incall"]');
            const c = document.querySelector('[data-testid="softphone-consult"]');
            return `dock ${d?.getAttribute('data-state')} call ${bar?.getAttribute('data-call-id') ?? '-'} consult ${c?.getAttribute('data-state') ?? '-'}/${c?.getAttribute('data-call-id') ?? '-'}`;
          }),
        ),
      );
      throw new Error(`${String(e)}\n${[...out, ...logText, `--- alice: ${docks[0]}; bob: ${docks[1]}`, `--- pages ---\n${console_.slice(-30).join('\n')}`].join('\n')}`);
    }
  }

  it('should put the caller on hold, show both calls, complete by REFER with Replaces (once, despite a double click), and give Bob the caller with audio and the deal', async () => {
    const { carrier, log, callId, dealId } = await aliceAnswers(['Carol Consult', '+36201237001']);
    const mine = [carrier];
    const logs = [log];
    await explain(mine, async () => {
      // 1. consult: the caller on hold, Bob rings (a call from Alice's extension) and answers
      const consultCallId = await aliceConsultsBob(log, 0);
      await bob.getByTestId('softphone-answer').click();
      await dock(bob, 'in_call', 10_000);
      const consult = alice.locator('[data-testid="softphone-consult"][data-state="talking"]');
      await consult.waitFor({ timeout: 10_000 });
      // Alice sees both at once: the held caller and the consult call
      expect(await alice.getByTestId('softphone-incall').getAttribute('data-call-id')).toBe(callId);
      expect(await consult.getAttribute('data-call-id')).toBe(consultCallId);
      expect(await alice.getByTestId('softphone-hold').isDisabled()).toBe(true);
      expect(await consult.textContent()).toContain('Bob Seller');

      // 2. complete, double-clicked: one transfer request, one REFER; its Refer-To names Bob's extension and the consult call
      await watchRinging(bob);
      await alice.getByTestId('softphone-consult-complete').dblclick();
      const [, referTo] = await waitForLine(log, /REFER-TO (\S+)/, 15_000);
      const m = /^sip:([^@]+)@[^?]+\?Replaces=([^&]+)&X-Callboard-Transfer=([A-Za-z0-9_-]+)$/.exec(referTo!);
      if (!m) throw new Error(`unexpected Refer-To: ${referTo}`);
      const [, referUser, replacesEnc, token] = m;
      expect(referUser).toBe('1002');
      const rm = /^([^;]+);to-tag=([^;]+);from-tag=([^;]+)$/.exec(decodeURIComponent(replacesEnc!));
      if (!rm) throw new Error(`unexpected Replaces: ${decodeURIComponent(replacesEnc!)}`);
      const [, replacesCallId, toTag, fromTag] = rm;
      expect(replacesCallId).toBe(consultCallId);
      // the carrier answered 202 + NOTIFY 200: Alice's leg to the caller is hung up
      expect((await carrier.done).code).toBe(0);
      expect(logged(log, 'REFER-TO')).toHaveLength(1);
      expect(await transfersOf(callId)).toBe(1);

      // 3. the carrier's new call to the Refer-To: Bob's phone takes it in place of the consult call, without ringing
      const targetMessages = join(mkdtempSync(join(tmpdir(), 'cb-sipp-replaces-')), 'messages.log');
      logs.push(targetMessages);
      const target = runSipp({
        scenario: scenarioWithAudio('uac-transfer-replaces.xml', writeUlawTone(2)),
        target: stack.sipTarget,
        service: referUser!,
        port: ports.sippUas,
        controlPort: ports.sippUasControl,
        inject: [['Carol Consult', '+36201237001', token!, replacesCallId!, toTag!, fromTag!]],
        extra: ['-mp', String(ports.sippUasMedia), '-trace_msg', '-message_file', targetMessages],
        timeoutSec: 60,
      });
      runs.push(target);
      mine.push(target);
      const bobCall = bob.locator(`[data-testid="softphone-incall"]:not([data-call-id="${consultCallId}"])`);
      await bobCall.waitFor({ timeout: 10_000 });
      const newCallId = (await bobCall.getAttribute('data-call-id'))!;
      expect(newCallId).not.toBe(callId);
      await dock(bob, 'in_call', 10_000);
      // the consult call is over on Alice's side too
      await dock(alice, 'ready', 10_000);
      expect(await alice.getByTestId('softphone-consult').count()).toBe(0);

      // audio both ways between the caller and Bob
      const media = await twoWayAudio(bob, stack.rtpengine, newCallId, /SIPpTag/);
      console.log(JSON.stringify({ attended: media }));
      expect(media.far.received).toBeGreaterThanOrEqual(100);
      expect(media.browser.received).toBeGreaterThanOrEqual(0.8 * (media.near.sent || media.far.received));
      expect(media.near.received).toBeGreaterThanOrEqual(0.8 * media.browser.sent);
      expect(media.unexpectedErrors).toBe(0);
      expect(await bob.evaluate(() => (window as unknown as { __rang: boolean }).__rang)).toBe(false);

      // 4. the deal is Bob's: API, timeline, call history
      await waitFor(async () => (await api.head.get(`/api/deals/${dealId}`)).body.ownerId === ids.bob, 'the deal is Bob’s', 10_000);
      await bob.getByTestId(`deal-card-${dealId}`).waitFor({ timeout: 10_000 });
      const timeline = (await api.head.get(`/api/deals/${dealId}/events`)).body as { type: string; data: Record<string, unknown> }[];
      expect(timeline.filter((e) => e.type === 'transferred')).toEqual([
        expect.objectContaining({ data: expect.objectContaining({ fromUserId: ids.alice, toUserId: ids.bob, callId, newCallId }) }),
      ]);
      const calls = (await api.head.get('/api/calls?kind=all')).body as { sipCallId: string; outcome: string; dealId: string; answeredBy: string }[];
      expect(calls.find((c) => c.sipCallId === callId)).toMatchObject({ outcome: 'transferred', dealId, answeredBy: ids.alice });
      expect(calls.find((c) => c.sipCallId === newCallId)).toMatchObject({ dealId, answeredBy: ids.bob });

      await bob.getByTestId('softphone-hangup').click();
      expect((await target.done).code).toBe(0);
      await dock(bob, 'ready', 10_000);
    }, logs);
  }, 150_000);

  it('should go back to the caller after Bob declines and after talking to Bob (mute and keypad acting on Bob’s call meanwhile): the hold is lifted, the caller heard again, Bob’s consult call ended, the deal stays Alice’s', async () => {
    const { carrier, log, callId, dealId } = await aliceAnswers(['Gina Goback', '+36201237002']);
    await explain([carrier], async () => {
      // Bob declines the consult call: Alice is told, the caller is still on hold
      await aliceConsultsBob(log, 0);
      await bob.getByTestId('softphone-decline').click();
      const ended = alice.getByTestId('softphone-consult-ended');
      await ended.waitFor({ timeout: 10_000 });
      expect(await ended.textContent()).toContain('Bob Seller');
      await dock(alice, 'on_hold', 1_000);
      expect(await alice.getByTestId('softphone-consult-complete').isDisabled()).toBe(true);
      await alice.getByTestId('softphone-consult-back').click();
      await dock(alice, 'in_call', 10_000);
      await waitFor(() => logged(log, 'DIR').join(' ') === 'sendonly sendrecv', 'the caller resumed (re-INVITE sendrecv)', 10_000);

      // consult again; Bob answers; Alice goes back
      const consultCallId = await aliceConsultsBob(log, 1);
      await bob.getByTestId('softphone-answer').click();
      await alice.locator(`[data-testid="softphone-consult"][data-state="talking"][data-call-id="${consultCallId}"]`).waitFor({ timeout: 10_000 });
      // mute and the keypad act on the consult call Alice is talking on, not on the held caller
      const sending = await microphones(alice);
      expect(sending).toHaveLength(2);
      await recordKeys(alice);
      await alice.getByTestId('softphone-mute').click();
      await waitFor(async () => (await microphones(alice)).every((on) => !on), 'the microphone muted on both calls', 5_000);
      await alice.getByTestId('softphone-keypad-toggle').click();
      await alice.getByTestId('softphone-key-5').click();
      await waitFor(async () => (await keysSent(alice)).length > 0, 'the digit sent', 5_000);
      expect(await keysSent(alice)).toEqual([{ pc: 1, tones: '5' }]);
      await alice.getByTestId('softphone-mute').click();
      // unmuted: the consult call sends again; the held call stays silent (it is on hold)
      await waitFor(async () => (await microphones(alice)).join() === 'false,true', 'the consult call unmuted', 5_000);
      await alice.getByTestId('softphone-consult-back').click();
      await dock(bob, 'ready', 10_000);
      await dock(alice, 'in_call', 10_000);
      expect(await alice.getByTestId('softphone-consult').count()).toBe(0);
      expect(await alice.getByTestId('softphone-incall').getAttribute('data-call-id')).toBe(callId);
      await waitFor(() => logged(log, 'DIR').join(' ') === 'sendonly sendrecv sendonly sendrecv', 'the caller resumed again', 10_000);
      // the caller is heard again
      const before = (await audioStats(alice)).received;
      await waitFor(async () => (await audioStats(alice)).received >= before + 50, 'caller audio after going back', 10_000);

      // nothing was transferred
      expect(await transfersOf(callId)).toBe(0);
      expect((await api.head.get(`/api/deals/${dealId}`)).body.ownerId).toBe(ids.alice);
      await alice.getByTestId('softphone-hangup').click();
      expect((await carrier.done).code).toBe(0);
      expect(logged(log, 'REFER-TO')).toEqual([]);
      await dock(alice, 'ready', 10_000);
      await waitFor(
        async () => ((await api.head.get('/api/calls?kind=all')).body as { sipCallId: string; outcome: string }[]).find((c) => c.sipCallId === callId)?.outcome === 'completed',
        'the call logged as completed',
        10_000,
      );
      const timeline = (await api.head.get(`/api/deals/${dealId}/events`)).body as { type: string }[];
      expect(timeline.filter((e) => e.type === 'transferred')).toEqual([]);
    }, [log]);
  }, 150_000);

  it('should leave Alice on the line with Bob when the caller hangs up during the consult, with nothing transferred', async () => {
    const { carrier, log, callId, dealId } = await aliceAnswers(['Hugo Hangup', '+36201237003'], 'uac-hangs-up-on-hold.xml');
    await explain([carrier], async () => {
      await alice.getByTestId('softphone-transfer').click();
      await alice.getByTestId(`softphone-consult-${ids.bob}`).click();
      // the caller hangs up while on hold (the carrier's BYE right after the hold), Bob still ringing
      expect((await carrier.done).code).toBe(0);
      expect(logged(log, 'DIR')).toEqual(['sendonly']);
      const panel = bob.getByTestId('softphone-incoming');
      await panel.waitFor({ timeout: 10_000 });
      const consultCallId = (await panel.getAttribute('data-call-id'))!;
      await bob.getByTestId('softphone-answer').click();
      await dock(bob, 'in_call', 10_000);
      // the consult call is now Alice's call: one bar, no consult row, talking to Bob
      const bar = alice.locator(`[data-testid="softphone-incall"][data-call-id="${consultCallId}"]`);
      await bar.waitFor({ timeout: 10_000 });
      await dock(alice, 'in_call', 10_000);
      expect(await alice.getByTestId('softphone-consult').count()).toBe(0);
      await waitFor(async () => (await audioStats(alice)).received >= 50, 'audio from Bob', 10_000);

      await alice.getByTestId('softphone-hangup').click();
      await Promise.all([dock(alice, 'ready', 10_000), dock(bob, 'ready', 10_000)]);
      expect(await transfersOf(callId)).toBe(0);
      expect((await api.head.get(`/api/deals/${dealId}`)).body.ownerId).toBe(ids.alice);
      await waitFor(
        async () => ((await api.head.get('/api/calls?kind=all')).body as { sipCallId: string; outcome: string }[]).find((c) => c.sipCallId === callId)?.outcome === 'completed',
        'the caller’s call logged as completed',
        10_000,
      );
    }, [log]);
  }, 120_000);
});
