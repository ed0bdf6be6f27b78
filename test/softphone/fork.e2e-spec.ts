import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Api } from '../support/api';
import { runSipp, type SippRun } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { waitForLine } from '../support/softphone/file-watch';
import { MediaStack, SALES_NUMBER, scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { queryLegs, type NgReply } from '../support/softphone/rtpengine';
import { twoWayAudio } from '../support/softphone/two-way-audio';

const PASSWORD = 'callboard';

// Its own port block (… multi-tab +1200, transfer +1500, fork +1800).
const base = Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 1800;
const ports = softphonePorts(base);
// Bob's desk phone (a sipp UAS on UDP) and the sipp that registers it
const DESK = { port: base + 60, control: base + 61, media: base + 70 };
const REGISTRAR = { port: base + 62, control: base + 63 };

const dock = (page: Page, state: string, timeout = 15_000) =>
  page.locator(`[data-testid="softphone"][data-state="${state}"]`).waitFor({ timeout });

/** The browser's DTLS/SRTP state of its live peer connection. */
const secureTransport = (page: Page) =>
  page.evaluate(async () => {
    const pcs = ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
    const out: { dtlsState?: string; srtpCipher?: string }[] = [];
    for (const pc of pcs) (await pc.getStats()).forEach((s: { type: string; dtlsState?: string; srtpCipher?: string }) => s.type === 'transport' && out.push({ dtlsState: s.dtlsState, srtpCipher: s.srtpCipher }));
    return out;
  });

/** Each rtpengine session (monologue) of a call: whom its media goes to, its profile, DTLS, RTP port. */
function sessionsOf(raw: NgReply): Record<string, { subscribers: string[]; protocol: string; dtls: boolean; port: number | null; viaBranch: string | null }> {
  const out: Record<string, { subscribers: string[]; protocol: string; dtls: boolean; port: number | null; viaBranch: string | null }> = {};
  for (const [key, mono] of Object.entries<NgReply>(raw.tags ?? {})) {
    const media = mono.medias?.[0] ?? {};
    const rtp = (media.streams ?? []).find((st: NgReply) => (st.flags ?? []).includes('RTP'));
    out[key] = {
      subscribers: (mono.subscribers ?? []).map((x: NgReply) => x.tag),
      protocol: media.protocol,
      dtls: (media.flags ?? []).includes('DTLS-SRTP'),
      port: rtp?.endpoint?.port ?? null,
      viaBranch: mono['via-branch'] ?? null,
    };
  }
  return out;
}

describe('softphone: one call forked to a browser and a UDP desk phone (per-branch media)', () => {
  const stack = new MediaStack(ports);
  let browser: SoftphoneBrowser;
  let alice: Page;
  let head: Api;
  let bobId: string;
  const runs: SippRun[] = [];

  /** Kamailio's last log lines and the reps' presence, printed when a case fails. */
  const diagnostics = async () => {
    const log = readFileSync(join(stack.kamailio.runDir, 'kamailio.log'), 'utf8').split('\n').slice(-40).join('\n');
    const { api } = await new Api(stack.backend.url).login('head@example.com');
    const users = ((await api.get('/api/users')).body as { name: string; presence: string }[]).map((u) => `${u.name}: ${u.presence}`);
    return `--- presence ---\n${users.join('\n')}\n--- kamailio ---\n${log}`;
  };

  const deskPhone = (scenario: string) => {
    const log = join(mkdtempSync(join(tmpdir(), 'cb-sipp-desk-')), 'desk.log');
    const run = runSipp({
      scenario: scenarioWithAudio(scenario, writeUlawTone(2)),
      port: DESK.port,
      controlPort: DESK.control,
      durationMs: 1500,
      timeoutSec: 60,
      extra: ['-mp', String(DESK.media), '-trace_logs', '-log_file', log],
    });
    runs.push(run);
    return { run, log };
  };

  const caller = (name: string, number: string) => {
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

  beforeAll(async () => {
    await stack.start();
    // Bob's phone is a desk phone: register it with the credentials the backend issues him
    const { api: bob, user } = await new Api(stack.backend.url).login('bob@example.com');
    bobId = user.id;
    head = (await new Api(stack.backend.url).login('head@example.com')).api;
    const creds = (await bob.get('/api/telephony/credentials')).body as { authUsername: string; password: string };
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
    browser = await launchSoftphoneBrowser();
    alice = await browser.login(stack.backend.url, 'alice@example.com', PASSWORD);
    await dock(alice, 'ready');
  }, 90_000);

  afterAll(async () => {
    for (const r of runs) r.kill();
    await browser?.close();
    await stack.stop();
  }, 30_000);

  it('should give the desk phone a plain RTP offer and carry RTP both ways when it answers', async () => {
    const desk = deskPhone('uas-desk-audio.xml');
    const call = caller('Fork Caller', '+36201110001');
    try {
      const panel = alice.getByTestId('softphone-incoming');
      await panel.waitFor({ timeout: 10_000 });
      const callId = (await panel.getAttribute('data-call-id'))!;
      const [, offer] = await waitForLine(desk.log, /OFFER (m=audio \d+ \S+)/, 10_000);
      const [, secure] = await waitForLine(desk.log, /SECURE (.*)/, 1_000);
      expect(offer).toMatch(/RTP\/AVP$/);
      expect(secure!.trim()).toBe('');
      // the desk phone answers: Alice's branch is cancelled
      await panel.waitFor({ state: 'detached', timeout: 10_000 });
      const legs = await waitFor(
        async () => {
          const q = await queryLegs(stack.rtpengine, callId);
          const trunk = q.legs.find((l) => l.tag.includes('SIPpTag'));
          const phone = q.legs.find((l) => l.tag.includes('desk'));
          return trunk && phone && trunk.received >= 100 && phone.received >= 100 ? { ...q, trunk, phone } : null;
        },
        'RTP from the caller and from the desk phone through rtpengine',
        15_000,
      );
      console.log(JSON.stringify({ deskAnswers: { legs: legs.legs, totalErrors: legs.totalErrors, beforeDtls: legs.beforeDtls } }));
      expect(legs.unexpectedErrors).toBe(0);
      // one rtpengine session per branch: the caller's media goes to the desk phone's (plain RTP,
      // to its media port) and back; the browser branch kept its own DTLS-SRTP session, unused
      const sessions = sessionsOf(legs.raw);
      expect(sessions[legs.trunk.tag]).toMatchObject({ subscribers: [legs.phone.tag] });
      expect(sessions[legs.phone.tag]).toMatchObject({ subscribers: [legs.trunk.tag], protocol: 'RTP/AVP', dtls: false, port: DESK.media });
      expect(Object.values(sessions).filter((x) => x.protocol === 'RTP/SAVPF' && x.dtls && x.viaBranch)).toHaveLength(1);
      // the desk phone hangs up after its 6 s of audio; the caller gets the BYE
      expect((await call.done).code).toBe(0);
      expect((await desk.run.done).code).toBe(0);
      await dock(alice, 'ready', 10_000);
      // the next call must find Bob available again (released when the end reaches the backend)
      await waitFor(async () => (await head.get('/api/users')).body.find((u: { id: string }) => u.id === bobId)?.presence === 'available', 'Bob available again', 10_000);
    } catch (e) {
      call.kill();
      desk.run.kill();
      throw new Error(`${String(e)}\n--- caller ---\n${(await call.done).output}\n--- desk ---\n${(await desk.run.done).output}\n${await diagnostics()}`);
    }
  }, 90_000);

  it('should give the browser a DTLS-SRTP offer and carry SRTP both ways when the browser answers', async () => {
    const desk = deskPhone('uas-desk-cancelled.xml');
    const call = caller('Fork Caller Two', '+36201110002');
    try {
      const panel = alice.getByTestId('softphone-incoming');
      await panel.waitFor({ timeout: 10_000 });
      const callId = (await panel.getAttribute('data-call-id'))!;
      const [, offer] = await waitForLine(desk.log, /OFFER (m=audio \d+ \S+)/, 10_000);
      expect(offer).toMatch(/RTP\/AVP$/);
      await alice.getByTestId('softphone-answer').click();
      await dock(alice, 'in_call', 10_000);
      expect((await desk.run.done).code).toBe(0);
      const media = await twoWayAudio(alice, stack.rtpengine, callId, /SIPpTag/);
      const transports = await secureTransport(alice);
      console.log(JSON.stringify({ browserAnswers: media, transports }));
      expect(transports).toEqual([expect.objectContaining({ dtlsState: 'connected', srtpCipher: expect.stringMatching(/.+/) })]);
      expect(media.far.received).toBeGreaterThanOrEqual(100);
      expect(media.browser.received).toBeGreaterThanOrEqual(0.8 * media.far.received);
      expect(media.near.received).toBeGreaterThanOrEqual(0.8 * media.browser.sent);
      expect(media.unexpectedErrors).toBe(0);
      const sessions = sessionsOf((await queryLegs(stack.rtpengine, callId)).raw);
      expect(sessions[media.far.tag]).toMatchObject({ subscribers: [media.near.tag] });
      expect(sessions[media.near.tag]).toMatchObject({ subscribers: [media.far.tag], protocol: 'RTP/SAVPF', dtls: true });
      await alice.getByTestId('softphone-hangup').click();
      expect((await call.done).code).toBe(0);
      await dock(alice, 'ready', 10_000);
    } catch (e) {
      call.kill();
      desk.run.kill();
      throw new Error(`${String(e)}\n--- caller ---\n${(await call.done).output}\n--- desk ---\n${(await desk.run.done).output}\n${await diagnostics()}`);
    }
  }, 90_000);
});
