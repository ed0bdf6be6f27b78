import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eventually } from '../e2e/browser';
import { Api } from '../support/api';
import { ROOT } from '../support/backend';
import { launchNamespacedChromium } from '../support/netns/chromium';
import { createLan, isRoot, type Lan } from '../support/netns/lan';
import { demoPassword, findCaFile, removeStateDir, startCallboard, type ServerRun } from '../support/netns/npm-start';
import { ngOn } from '../support/netns/rtpengine';
import { CALL_ESTABLISHED, startBaresip, type Baresip, type BaresipOptions } from '../support/sip/baresip';
import { runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';
import { audioStats, type SoftphoneBrowser } from '../support/softphone/browser';
import { writeUlawTone } from '../support/softphone/media-stack';
import { queryLegs } from '../support/softphone/rtpengine';

// Three machines on one LAN, each a network namespace (root, as CI runs it): "server" runs the
// real `npm start` (app, Kamailio, rtpengine, bridge, embedded PostgreSQL) under the host name
// callboard.test; "laptop" runs Debian Chromium that trusts the CA npm start generated, and
// baresip as a desk phone; "carrier" runs sipp as the SIP trunk. Nothing listens on the host.

const NAME = 'callboard.test';
// npm start's default ports: the server machine is a namespace of its own, nothing collides
const PORT = 3000;
const SIP_PORT = 5060;
const NG_PORT = 22222;
const RPC_PORT = 5071;
const SALES_NUMBER = '+3612345678';
const HTTPS = `https://${NAME}:${PORT}`;

/** The softphone audio scenario (plays a µ-law tone until the far end hangs up) with its file filled in. */
function audioScenario(): string {
  const xml = readFileSync(join(__dirname, 'scenarios', 'uac-audio.xml'), 'utf8').replace('rtp_stream="AUDIO_FILE', `rtp_stream="${writeUlawTone(2)}`);
  const out = join(mkdtempSync(join(tmpdir(), 'cb-sipp-sc-')), 'uac-audio.xml');
  writeFileSync(out, xml);
  return out;
}

describe('across machines: server, laptop and carrier on one LAN (network namespaces)', () => {
  let lan: Lan;
  let server: ServerRun;
  let stateDir: string;
  let api: Api;
  let browser: SoftphoneBrowser | undefined;
  let alice: Page | undefined;
  let aliceId: string;
  let aliceExtension: string;
  const phones: Baresip[] = [];
  let addr: { server: string; laptop: string; carrier: string };
  const serverEnv = () => ({
    CALLBOARD_ADDRESS: addr.server,
    SIP_TRUNK_ADDRESSES: addr.carrier,
    SIP_TRUNK_OUTBOUND: `${addr.carrier}:5080`,
  });

  /** Signs `email` in on a fresh page of the laptop's Chromium, recording every WebSocket URL it opens. */
  async function signIn(baseUrl: string, email: string): Promise<{ page: Page; sockets: string[] }> {
    const page = await browser!.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(demoPassword(server, email));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('board').waitFor();
    return { page, sockets };
  }

  /** baresip on the laptop. */
  async function deskPhone(o: Omit<BaresipOptions, 'spawn'>): Promise<Baresip> {
    const phone = await startBaresip({ ...o, spawn: (command, args, options) => lan.spawn('laptop', command, args, options) });
    phones.push(phone);
    return phone;
  }

  /** Kamailio's JSON-RPC on the server's loopback, through the forwarder. */
  let rpcPort: number;
  async function rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const res = await fetch(`http://127.0.0.1:${rpcPort}/RPC`, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }) });
    const json = (await res.json()) as { result: T; error?: { message: string } };
    if (json.error) throw new Error(`${method}: ${json.error.message}`);
    return json.result;
  }

  beforeAll(async () => {
    if (!isRoot()) throw new Error('the cross-machine spec needs root (ip netns, veth); CI runs the softphone specs as root');
    lan = await createLan(['server', 'laptop', 'carrier'], {
      hostnames: { server: NAME },
      etcHosts: { server: { [NAME]: 'server' }, laptop: { [NAME]: 'server' }, carrier: { [NAME]: 'server' } },
    });
    addr = { server: lan.hosts.server!.address, laptop: lan.hosts.laptop!.address, carrier: lan.hosts.carrier!.address };
    server = startCallboard(lan, 'server', serverEnv());
    stateDir = server.stateDir;
    await server.banner;
    api = new Api(`http://127.0.0.1:${await lan.forward('server', PORT)}`);
    rpcPort = await lan.forward('server', RPC_PORT);
    const me = await api.login('alice@example.com', demoPassword(server, 'alice@example.com'));
    aliceId = me.user.id;
    aliceExtension = me.user.extension;
    browser = await launchNamespacedChromium({ lan, host: 'laptop', names: { [NAME]: addr.server }, caFile: findCaFile(stateDir) });
  }, 360_000);

  afterAll(async () => {
    for (const p of phones) await p.stop().catch(() => undefined);
    await browser?.close();
    if (server) {
      const code = await server.stop();
      if (code !== 0) console.log(`npm start exited with ${code}:\n${server.output().slice(-4000)}`);
    }
    await lan?.teardown();
    if (stateDir) removeStateDir(stateDir);
  }, 120_000);

  it('should print the https address other machines use', async () => {
    expect(server.output()).toMatch(new RegExp(`https://(${NAME.replace('.', '\\.')}|${addr.server.replace(/\./g, '\\.')}):${PORT}`));
  });

  it('should redirect plain http from the laptop to https on the same port, trusted through the CA', async () => {
    const page = await browser!.newPage();
    try {
      await page.goto(`http://${NAME}:${PORT}/login`);
      expect(page.url()).toBe(`${HTTPS}/login`);
      expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
      await page.getByTestId('login-email').waitFor();
    } finally {
      await page.context().close();
    }
  });

  it("should let Alice sign in over https, register over WSS and answer a carrier call, audio both ways through rtpengine on the server's address", async () => {
    const signedIn = await signIn(HTTPS, 'alice@example.com');
    alice = signedIn.page;
    await alice.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 30_000 });
    // the phone's WebSocket is WSS on the server's name, never ws:// nor localhost
    expect(signedIn.sockets.filter((u) => u.startsWith('ws:') || u.includes('localhost'))).toEqual([]);
    expect(signedIn.sockets.some((u) => u.startsWith(`wss://${NAME}:`))).toBe(true);

    const sipp = runSipp({
      scenario: audioScenario(),
      target: `${addr.server}:${SIP_PORT}`,
      service: SALES_NUMBER,
      port: 5060,
      controlPort: 8888,
      localIp: addr.carrier,
      inject: [['Carol Customer', '+36201234567']],
      extra: ['-mp', '6000'],
      timeoutSec: 60,
      spawn: (command, args, options) => lan.spawn('carrier', command, args, options),
    });
    try {
      const panel = alice.getByTestId('softphone-incoming');
      await panel.waitFor({ timeout: 15_000 });
      const callId = (await panel.getAttribute('data-call-id'))!;
      const dealId = (await alice.getByTestId('softphone-pop-deal').getAttribute('data-deal-id'))!;
      await alice.getByTestId('softphone-answer').click();
      await alice.locator('[data-testid="softphone"][data-state="in_call"]').waitFor({ timeout: 10_000 });

      const stats = await waitFor(
        async () => {
          const s = await audioStats(alice!);
          return s.received >= 50 && s.sent >= 50 ? s : null;
        },
        'two-way RTP in Alice’s browser',
        15_000,
      );
      expect(stats.connected).toBe(true);
      // the media path the browser chose ends at the server's LAN address (rtpengine there)
      const remote = await alice.evaluate(async () => {
        const pcs = ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed');
        const out: string[] = [];
        for (const pc of pcs) {
          const report = await pc.getStats();
          report.forEach((s: { type: string; state?: string; nominated?: boolean; remoteCandidateId?: string }) => {
            if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated) {
              const c = report.get(s.remoteCandidateId!) as { address?: string; ip?: string } | undefined;
              out.push(c?.address ?? c?.ip ?? '?');
            }
          });
        }
        return out;
      });
      expect(remote).toContain(addr.server);

      const { legs, unexpectedErrors, raw } = await queryLegs({ ng: ngOn(lan, 'server', NG_PORT), runDir: join(stateDir, '.run', 'rtpengine') }, callId);
      const trunk = legs.find((l) => l.tag.includes('SIPpTag'));
      const browserLeg = legs.find((l) => l !== trunk && l.received > 0);
      if (!trunk || !browserLeg) throw new Error(`legs not found: ${JSON.stringify(raw)}`);
      expect(trunk.received).toBeGreaterThan(0);
      expect(browserLeg.received).toBeGreaterThan(0);
      expect(unexpectedErrors).toBe(0);
      console.log(JSON.stringify({ browser: stats, remote, legs }));

      await eventually(() => api.login('head@example.com', demoPassword(server, 'head@example.com')).then(({ api: head }) => head.get(`/api/deals/${dealId}`)), (r) => r.body?.ownerId === aliceId, 'the deal to be Alice’s');
      await alice.getByTestId('softphone-hangup').click();
      expect((await sipp.done).code).toBe(0);
      await alice.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 10_000 });
    } catch (e) {
      sipp.kill();
      throw new Error(`${String(e)}\n--- sipp ---\n${(await sipp.done).output}\n--- npm start ---\n${server.output().slice(-3000)}`);
    }
  }, 120_000);

  describe('a desk phone: baresip on the laptop with an account of its own', () => {
    let device: { id: string; username: string };
    let settings: { server: string; domain: string; username: string; authUsername: string; password: string; transports: Array<{ transport: string; port: number }> };
    const portOf = (t: string) => settings.transports.find((x) => x.transport === t)?.port ?? 0;
    const account = (transport: 'udp' | 'tls', password = settings.password): Omit<BaresipOptions, 'spawn'> => ({
      user: settings.username,
      domain: settings.domain,
      authUser: settings.authUsername,
      password,
      server: { host: settings.server, port: portOf(transport), transport },
      caFile: transport === 'tls' ? findCaFile(stateDir) : undefined,
    });

    it('should register over UDP and over TLS, answer a carrier call, and the deal is its user’s', async () => {
      // Alice adds the phone from her laptop
      if (!alice) alice = (await signIn(HTTPS, 'alice@example.com')).page;
      const created = await alice.evaluate(async () => {
        const token = localStorage.getItem('callboard.accessToken');
        const res = await fetch('/api/devices', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ label: 'Desk phone' }) });
        return { status: res.status, body: await res.json() };
      });
      expect(created.status).toBe(201);
      device = created.body.device;
      settings = created.body.settings;
      // the server as other machines reach it: its name, or the LAN address npm start detected
      expect([NAME, addr.server]).toContain(settings.server);
      expect(portOf('udp')).toBeGreaterThan(0);
      expect(portOf('tls')).toBeGreaterThan(0);

      const udp = await deskPhone(account('udp'));
      await udp.registered();
      const { api: aliceApi } = await api.login('alice@example.com', demoPassword(server, 'alice@example.com'));
      const status = async () => ((await aliceApi.get('/api/devices')).body as Array<{ id: string; registered: boolean; lastAddress: string | null; lastTransport: string | null }>).find((d) => d.id === device.id);
      await eventually(status, (d) => !!d?.registered && d.lastTransport === 'udp' && !!d.lastAddress?.startsWith(`${addr.laptop}:`), 'the device registered over UDP from the laptop');
      await udp.stop();

      const tls = await deskPhone(account('tls'));
      await tls.registered();
      await eventually(status, (d) => !!d?.registered && d.lastTransport === 'tls' && !!d.lastAddress?.startsWith(`${addr.laptop}:`), 'the device registered over TLS from the laptop');

      // a carrier call: the desk phone answers by itself before the browser is touched
      const since = tls.mark();
      const sipp = runSipp({
        scenario: join(ROOT, 'pbx-bridge', 'kamailio', 'demo', 'demo-call.xml'),
        target: `${addr.server}:${SIP_PORT}`,
        service: SALES_NUMBER,
        port: 5060,
        controlPort: 8888,
        localIp: addr.carrier,
        timeoutSec: 30,
        spawn: (command, args, options) => lan.spawn('carrier', command, args, options),
      });
      try {
        expect(await tls.waitFor(CALL_ESTABLISHED, 15_000, since)).toContain('Call established');
        expect((await sipp.done).code).toBe(0);
      } catch (e) {
        sipp.kill();
        throw new Error(`${String(e)}\n--- sipp ---\n${(await sipp.done).output}`);
      }
      // the demo caller is +4930555<pid> (the first call came from +36201234567): its call, answered by Alice's desk phone
      const { api: head } = await api.login('head@example.com', demoPassword(server, 'head@example.com'));
      const calls = await eventually(
        () => head.get('/api/calls?kind=inbound'),
        (r) => (r.body as Array<{ fromNumber: string | null; outcome: string }>).some((c) => c.fromNumber?.startsWith('+4930555') && c.outcome === 'completed'),
        'the desk phone’s call logged as completed',
        15_000,
      );
      const deskCall = (calls.body as Array<{ fromNumber: string | null; dealId: string; answeredBy: string | null }>).find((c) => c.fromNumber?.startsWith('+4930555'))!;
      expect(deskCall.answeredBy).toBe(aliceId);
      // the browser never took it: the phone on the desk answered first
      expect(await alice.locator('[data-testid="softphone"][data-state="in_call"]').count()).toBe(0);
      const deal = await head.get(`/api/deals/${deskCall.dealId}`);
      expect(deal.body.ownerId).toBe(aliceId);
    }, 120_000);

    it('should drop its registration within 2 s when the device is removed, and refuse its next REGISTER', async () => {
      const contacts = async () => JSON.stringify(await rpc('ul.lookup', ['location', aliceExtension]).catch((e) => String(e)));
      // baresip's contact (its User-Agent) sits under Alice's extension beside her browser's
      expect(await contacts()).toMatch(/baresip/i);
      const { api: aliceApi } = await api.login('alice@example.com', demoPassword(server, 'alice@example.com'));
      const removedAt = Date.now();
      expect((await aliceApi.delete(`/api/devices/${device.id}`)).status).toBe(204);
      await eventually(contacts, (c) => !/baresip/i.test(c), 'the desk phone’s contact gone', 2000);
      const dropMs = Date.now() - removedAt;
      console.log(`desk phone's contact gone ${dropMs} ms after DELETE /api/devices/:id`);
      expect(dropMs).toBeLessThanOrEqual(2000);
      for (const p of phones.splice(0)) await p.stop();

      const again = await deskPhone(account('udp'));
      expect(await again.registrationFailed()).toMatch(/\b(401|403)\b/);
      await again.stop();
    }, 60_000);

    it('should block the phone’s (address, username) pair after ten wrong passwords, shown to the Head, while Alice’s browser on the same laptop still registers', async () => {
      const { api: aliceApi } = await api.login('alice@example.com', demoPassword(server, 'alice@example.com'));
      const created = await aliceApi.post('/api/devices', { label: 'Second desk phone' });
      expect(created.status).toBe(201);
      settings = created.body.settings;
      // its password works
      const before = await deskPhone(account('udp'));
      await before.registered();
      await before.stop();

      // baresip answers every new challenge with the same wrong password: one phone makes the ten attempts
      const wrong = await deskPhone(account('udp', 'not-the-password'));
      expect(await wrong.waitFor(/\b403\b/, 15_000, 0)).toContain(settings.username);
      await wrong.stop();
      const { api: head } = await api.login('head@example.com', demoPassword(server, 'head@example.com'));
      const blocks = await head.get('/api/security/blocks');
      expect(blocks.body.sip).toEqual(
        expect.arrayContaining([expect.objectContaining({ address: addr.laptop, username: settings.username, scope: 'pair', failures: 10 })]),
      );
      expect((blocks.body.sip as Array<{ scope: string }>).filter((b) => b.scope === 'address')).toEqual([]);

      // the right password from the same address and username is refused now, unchecked
      const right = await deskPhone(account('udp'));
      expect(await right.registrationFailed()).toMatch(/\b403\b/);
      await right.stop();

      // Alice's browser on the same laptop (same address, another user name) registers again
      const page = alice ?? (await signIn(HTTPS, 'alice@example.com')).page;
      await page.reload();
      await page.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 30_000 });
    }, 120_000);
  });

  it('with TLS=off, the page over plain http says it is not a secure context and shows no phone', async () => {
    await alice?.context().close();
    alice = undefined;
    // (npm start's own spec asserts its exit code; here only that it is gone before the restart)
    const code = await server.stop();
    if (code !== 0) console.log(`npm start exited with ${code} on SIGTERM:\n${server.output().slice(-2000)}`);
    server = startCallboard(lan, 'server', { ...serverEnv(), TLS: 'off' }, stateDir);
    await server.banner;

    const { page, sockets } = await signIn(`http://${NAME}:${PORT}`, 'alice@example.com');
    try {
      expect(page.url().startsWith(`http://${NAME}:${PORT}/`)).toBe(true);
      expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
      const message = page.getByTestId('softphone-insecure');
      await message.waitFor({ timeout: 10_000 });
      // TLS is off: nothing to link to, the notice says the page has no phone and why
      expect(await message.textContent()).toMatch(/plain http.*no microphone and no phone/);
      expect(await page.locator('[data-testid="softphone"][data-secure-context="false"]').count()).toBe(1);
      expect(await page.locator('[data-testid="softphone"][data-state="ready"]').count()).toBe(0);
      // no SIP WebSocket was opened (socket.io's own is on the page's origin under /socket.io)
      expect(sockets.filter((u) => !u.includes('/socket.io'))).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 360_000);
});
