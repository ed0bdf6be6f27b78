import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { waitForLine } from '../support/softphone/file-watch';
import { MediaStack, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { twoWayAudio } from '../support/softphone/two-way-audio';

const PASSWORD = 'callboard';

// Its own port block (issue 16: transfers of outbound calls +6000).
const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 6000);

const dock = (page: Page, state: string, timeout = 15_000) =>
  page.locator(`[data-testid="softphone"][data-state="${state}"]`).waitFor({ timeout });

describe('softphone: transfer of an outbound call, blind and attended (Chromium, Kamailio, rtpengine, sipp as the carrier)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  let bob: Page;
  let api: { alice: Api; head: Api };
  let ids: { alice: string; bob: string };
  const runs: SippRun[] = [];

  beforeAll(async () => {
    await stack.start();
    const root = new Api(stack.backend.url);
    const [a, b, h] = await Promise.all([root.login('alice@example.com'), root.login('bob@example.com'), root.login('head@example.com')]);
    api = { alice: a.api, head: h.api };
    ids = { alice: a.user.id, bob: b.user.id };
    // the reps' pages stay where the test reads them (the deal opening on answer is deal-on-answer.e2e-spec's)
    for (const rep of [a.api, b.api]) expect((await rep.request('PATCH', '/api/auth/preferences', { openDealOnAnswer: false })).status).toBe(200);
    browser = await launchSoftphoneBrowser();
    [alice, bob] = await Promise.all([
      browser.login(stack.backend.url, 'alice@example.com', PASSWORD),
      browser.login(stack.backend.url, 'bob@example.com', PASSWORD),
    ]);
    await Promise.all([dock(alice, 'ready'), dock(bob, 'ready')]);
  }, 90_000);

  afterAll(async () => {
    for (const r of runs) r.kill();
    await browser?.close();
    await stack.stop();
  }, 30_000);

  /** Alice's deal with a contact to call; she calls it from the deal page and the carrier answers. */
  async function aliceCallsOut(name: string, number: string) {
    const contact = await api.alice.post('/api/contacts', { name, phones: [{ number }] });
    expect(contact.status).toBe(201);
    const deal = await api.alice.post('/api/deals', { title: `Outbound to ${name}`, contactId: contact.body.id });
    expect(deal.status).toBe(201);
    const dealId = deal.body.id as string;
    const log = join(mkdtempSync(join(tmpdir(), 'cb-sipp-out-xfer-')), 'carrier.log');
    const carrier = runSipp({
      scenario: scenarioWithAudio('uas-transfer-referee.xml', writeUlawTone(2)),
      port: ports.sippUas,
      controlPort: ports.sippUasControl,
      extra: ['-mp', String(ports.sippUasMedia), '-trace_logs', '-log_file', log],
      timeoutSec: 120,
    });
    runs.push(carrier);
    await alice.goto(`${stack.backend.url}/deals/${dealId}`);
    await dock(alice, 'ready');
    await alice.getByTestId('click-to-call').click();
    await dock(alice, 'in_call', 15_000);
    const callId = (await alice.getByTestId('softphone-incall').getAttribute('data-call-id'))!;
    await waitForLine(log, /ANSWERED/, 10_000);
    return { carrier, log, callId, dealId };
  }

  /** The carrier's new call to the Refer-To (the second sipp, as the carrier would place it). */
  function carrierCallsReferTo(scenario: string, user: string, fields: string[]): SippRun {
    const run = runSipp({
      scenario: scenarioWithAudio(scenario, writeUlawTone(2)),
      target: stack.sipTarget,
      service: user,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: [fields],
      extra: ['-mp', String(ports.sippUacMedia)],
      timeoutSec: 60,
    });
    runs.push(run);
    return run;
  }

  async function bobHasTheDeal(dealId: string, callId: string, newCallId: string) {
    await waitFor(async () => (await api.head.get(`/api/deals/${dealId}`)).body.ownerId === ids.bob, 'the deal is Bob’s', 10_000);
    await bob.getByTestId(`deal-card-${dealId}`).waitFor({ timeout: 10_000 });
    const timeline = (await api.head.get(`/api/deals/${dealId}/events`)).body as { type: string; data: Record<string, unknown> }[];
    expect(timeline.filter((e) => e.type === 'transferred')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ fromUserId: ids.alice, toUserId: ids.bob, callId, newCallId }) }),
    ]);
    const calls = (await api.head.get('/api/calls?kind=all')).body as { sipCallId: string; outcome: string; dealId: string; direction: string; answeredBy: string }[];
    expect(calls.find((c) => c.sipCallId === callId)).toMatchObject({ direction: 'outbound', outcome: 'transferred', dealId });
    expect(calls.find((c) => c.sipCallId === newCallId)).toMatchObject({ dealId, answeredBy: ids.bob });
  }

  async function explain(mine: SippRun[], logs: string[], work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      for (const r of mine) r.kill();
      const out = await Promise.all(mine.map(async (r, i) => `--- sipp #${i + 1} ---\n${(await r.done).output.slice(-3000)}`));
      const text = logs.map((f) => {
        try {
          return `--- ${f} ---\n${readFileSync(f, 'utf8').slice(-3000)}`;
        } catch {
          return `--- ${f} --- (none)`;
        }
      });
      throw new Error(`${String(e)}\n${[...out, ...text].join('\n')}`);
    }
  }

  it('should transfer a click-to-call blind to Bob: REFER to his extension with a token, the carrier calls back in, Bob answers with audio and gets the deal', async () => {
    const { carrier, log, callId, dealId } = await aliceCallsOut('Olga Outbound', '+36301117001');
    const mine = [carrier];
    await explain(mine, [log], async () => {
      await alice.getByTestId('softphone-transfer').click();
      await alice.getByTestId(`softphone-transfer-to-${ids.bob}`).click();
      const [, referTo] = await waitForLine(log, /REFER-TO (\S+)/, 15_000);
      const m = /^sip:([^@]+)@[^?]+\?X-Callboard-Transfer=([A-Za-z0-9_-]+)$/.exec(referTo!);
      if (!m) throw new Error(`unexpected Refer-To: ${referTo}`);
      const [, referUser, token] = m;
      // no number of ours is in an outbound call: the call comes back on Bob's extension
      expect(referUser).toBe('1002');
      await dock(alice, 'ready', 10_000);
      expect((await carrier.done).code).toBe(0);

      const target = carrierCallsReferTo('uac-transfer-invite.xml', referUser!, ['Olga Outbound', '+36301117001', token!]);
      mine.push(target);
      const panel = bob.getByTestId('softphone-incoming');
      await panel.waitFor({ timeout: 10_000 });
      const newCallId = (await panel.getAttribute('data-call-id'))!;
      // his screen pop shows the deal being handed to him
      await bob.locator(`[data-testid="softphone-pop-deal"][data-deal-id="${dealId}"]`).waitFor({ timeout: 10_000 });
      await bob.getByTestId('softphone-answer').click();
      await dock(bob, 'in_call', 10_000);
      const media = await twoWayAudio(bob, stack.rtpengine, newCallId, /SIPpTag/);
      console.log(JSON.stringify({ outboundBlind: media }));
      expect(media.far.received).toBeGreaterThanOrEqual(100);
      expect(media.browser.received).toBeGreaterThanOrEqual(0.8 * (media.near.sent || media.far.received));
      expect(media.near.received).toBeGreaterThanOrEqual(0.8 * media.browser.sent);
      expect(media.unexpectedErrors).toBe(0);
      await bobHasTheDeal(dealId, callId, newCallId);

      await bob.getByTestId('softphone-hangup').click();
      expect((await target.done).code).toBe(0);
      await dock(bob, 'ready', 10_000);
    });
  }, 150_000);

  it('should transfer a click-to-call attended: Alice consults Bob with the callee on hold, completes, and Bob’s phone takes the callee in place of the consult call', async () => {
    const { carrier, log, callId, dealId } = await aliceCallsOut('Otto Attended', '+36301117002');
    const mine = [carrier];
    await explain(mine, [log], async () => {
      await alice.getByTestId('softphone-transfer').click();
      await alice.getByTestId(`softphone-consult-${ids.bob}`).click();
      await waitForLine(log, /^DIR sendonly/m, 10_000);
      await bob.getByTestId('softphone-incoming').waitFor({ timeout: 10_000 });
      const consultCallId = (await bob.getByTestId('softphone-incoming').getAttribute('data-call-id'))!;
      await bob.getByTestId('softphone-answer').click();
      await alice.locator('[data-testid="softphone-consult"][data-state="talking"]').waitFor({ timeout: 10_000 });
      await alice.getByTestId('softphone-consult-complete').click();

      const [, referTo] = await waitForLine(log, /REFER-TO (\S+)/, 15_000);
      const m = /^sip:([^@]+)@[^?]+\?Replaces=([^&]+)&X-Callboard-Transfer=([A-Za-z0-9_-]+)$/.exec(referTo!);
      if (!m) throw new Error(`unexpected Refer-To: ${referTo}`);
      const [, referUser, replacesEnc, token] = m;
      expect(referUser).toBe('1002');
      const [rcid, toTag, fromTag] = /^([^;]+);to-tag=([^;]+);from-tag=([^;]+)$/.exec(decodeURIComponent(replacesEnc!))!.slice(1);
      expect(rcid).toBe(consultCallId);
      expect((await carrier.done).code).toBe(0);

      const target = carrierCallsReferTo('uac-transfer-replaces.xml', referUser!, ['Otto Attended', '+36301117002', token!, rcid!, toTag!, fromTag!]);
      mine.push(target);
      const bobCall = bob.locator(`[data-testid="softphone-incall"]:not([data-call-id="${consultCallId}"])`);
      await bobCall.waitFor({ timeout: 10_000 });
      const newCallId = (await bobCall.getAttribute('data-call-id'))!;
      await dock(alice, 'ready', 10_000);
      const media = await twoWayAudio(bob, stack.rtpengine, newCallId, /SIPpTag/);
      console.log(JSON.stringify({ outboundAttended: media }));
      expect(media.far.received).toBeGreaterThanOrEqual(100);
      expect(media.near.received).toBeGreaterThanOrEqual(0.8 * media.browser.sent);
      expect(media.unexpectedErrors).toBe(0);
      await bobHasTheDeal(dealId, callId, newCallId);

      await bob.getByTestId('softphone-hangup').click();
      expect((await target.done).code).toBe(0);
      await dock(bob, 'ready', 10_000);
    });
  }, 150_000);
});
