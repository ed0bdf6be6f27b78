import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { eventually } from '../e2e/browser';
import { Api } from '../support/api';
import { ROOT } from '../support/backend';
import { DebianShims } from '../support/debian-shims';
import { audioStats, launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { ngRequest, queryLegs } from '../support/softphone/rtpengine';
import { RecordingSocket } from '../support/socket';

// `npm start` as a user runs it (scripts/start.mjs) on a machine where dpkg says the telephony
// packages are missing: as root it installs them with the shared installer (apt-get, dpkg-query,
// systemctl and service are stand-ins first on PATH: they record, the real packages are installed
// here), then starts embedded PostgreSQL (no DATABASE_URL), demo data, rtpengine, Kamailio, the
// bridge and the web app on one port, in a state folder of its own and on ports of its own
// (SOFTPHONE_PORT_BASE + 2400). The demo call the banner prints reaches Alice's browser, she
// answers, and her media goes through the rtpengine npm start started.

const BASE = Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 2400;
const PORTS = {
  http: BASE, pg: BASE + 1, sip: BASE + 2, ws: BASE + 3, evapi: BASE + 4, rpc: BASE + 5, ng: BASE + 6, sipp: BASE + 7,
  sipTls: BASE + 8, wss: BASE + 9,
};
const URL = `http://localhost:${PORTS.http}`;
const SALES_NUMBER = '+3612345678';
const TELEPHONY_PACKAGES = [
  'kamailio', 'kamailio-websocket-modules', 'kamailio-extra-modules', 'kamailio-json-modules', 'kamailio-utils-modules',
  'kamailio-autheph-modules', 'kamailio-tls-modules', 'kamailio-postgres-modules', 'rtpengine-daemon', 'sip-tester',
  'baresip-core', 'libnss3-tools', 'chromium',
];
/** The address other machines reach this one at, found the way npm start documents it. */
const LAN = Object.values(networkInterfaces()).flat().find((a) => a?.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.'))?.address;

/** A password the banner printed for a demo login (generated per install), or the old fixed one. */
function passwordOf(banner: string, email: string): string {
  const generated = new RegExp(`${email.replace(/\./g, '\\.')}\\s+\\S+\\s+password: (\\S+)`).exec(banner);
  if (generated) return generated[1];
  if (banner.includes('password: callboard')) return 'callboard';
  throw new Error(`the banner prints no password for ${email}`);
}

/** One SIP OPTIONS over UDP to host:port; resolves with the status line of the answer. */
function sipOptions(host: string, port: number, timeoutMs = 3000): Promise<string> {
  const sock = createSocket('udp4');
  const branch = `z9hG4bK${Date.now()}`;
  const msg = [
    `OPTIONS sip:${host}:${port} SIP/2.0`, `Via: SIP/2.0/UDP ${host}:0;branch=${branch};rport`, 'Max-Forwards: 70',
    `From: <sip:probe@${host}>;tag=p1`, `To: <sip:${host}>`, `Call-ID: npm-start-${branch}`, 'CSeq: 1 OPTIONS',
    'Content-Length: 0', '', '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sock.close(); reject(new Error(`no SIP answer from ${host}:${port}`)); }, timeoutMs);
    sock.on('message', (m) => { clearTimeout(timer); sock.close(); resolve(m.toString().split('\r\n')[0]); });
    sock.bind(0, host, () => sock.send(msg, port, host));
  });
}

/** Runs `node scripts/start.mjs` and resolves with its output once the banner is printed. */
function npmStart(stateDir: string, shims: DebianShims, extra: Record<string, string> = {}): { child: ChildProcess; banner: Promise<string>; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(DATABASE_URL|TEST_DATABASE_URL|SEED|NODE_ENV)$/.test(key)) delete env[key];
  Object.assign(env, {
    CALLBOARD_STATE_DIR: stateDir,
    PORT: String(PORTS.http),
    EMBEDDED_PG_PORT: String(PORTS.pg),
    SIP_PORT: String(PORTS.sip),
    SIP_WS_PORT: String(PORTS.ws),
    EVAPI_PORT: String(PORTS.evapi),
    KAMAILIO_RPC_PORT: String(PORTS.rpc),
    RTPENGINE_NG_PORT: String(PORTS.ng),
    RTPENGINE_PORT_MIN: String(BASE + 100),
    RTPENGINE_PORT_MAX: String(BASE + 199),
    SIP_TRUNK_OUTBOUND: `127.0.0.1:${PORTS.sipp}`,
    SIP_TLS_PORT: String(PORTS.sipTls),
    SIP_WSS_PORT: String(PORTS.wss),
    PATH: shims.path(),
  });
  for (const key of ['CALLBOARD_ADDRESS', 'RTPENGINE_INTERFACE', 'SIP_TRUNK_ADDRESSES', 'SIP_SALES_NUMBERS', 'TLS', 'TLS_CERT_FILE', 'TLS_KEY_FILE']) delete env[key];
  Object.assign(env, extra);
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const banner = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Stop with Ctrl+C')) resolve(out);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before its banner:\n${out.slice(-3000)}`)));
  });
  return { child, banner, output: () => out };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start', () => {
  let stateDir: string;
  let started: ReturnType<typeof npmStart>;
  let banner: string;
  let browser: SoftphoneBrowser | undefined;
  let head: RecordingSocket | undefined;
  let shims: DebianShims;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'cb-npm-start-'));
    chmodSync(stateDir, 0o755); // embedded PostgreSQL runs as the `postgres` user below it when we are root
    shims = new DebianShims(); // dpkg-query: nothing is installed
    started = npmStart(stateDir, shims);
    banner = await started.banner;
  }, 240_000);

  afterAll(async () => {
    head?.close();
    await browser?.close();
    if (started?.child.exitCode === null) {
      started.child.kill('SIGTERM');
      await exitOf(started.child);
    }
    rmSync(stateDir, { recursive: true, force: true });
    shims?.remove();
  }, 60_000);

  it('should install the whole telephony package list through the shared installer first, as root', () => {
    expect(process.getuid?.()).toBe(0); // the suite runs as root, as CI does
    expect(shims.calls('apt-get')).toEqual(['apt-get update -q', `apt-get install -y -q --no-install-recommends ${TELEPHONY_PACKAGES.join(' ')}`]);
    expect(shims.calls('service').sort()).toEqual(['service kamailio stop', 'service rtpengine-daemon stop']);
    expect(started.output().indexOf('installing Debian packages')).toBeLessThan(started.output().indexOf('Kamailio running'));
    expect(banner).not.toMatch(/Telephony: off|Debian packages not installed|apt-get install/);
  });

  it('should print where to open it, from other machines too, the demo logins and the telephony it started', () => {
    expect(banner).toContain(`Callboard is running: open http://localhost:${PORTS.http}`);
    if (LAN) {
      expect(banner).toContain(`LAN address ${LAN} (detected)`);
      expect(banner).toMatch(new RegExp(`From other machines: .*https?://${LAN.replace(/\./g, '\\.')}:${PORTS.http}`));
      expect(banner).toMatch(new RegExp(`Kamailio running \\(pid \\d+\\) on 127\\.0\\.0\\.1, ${LAN.replace(/\./g, '\\.')},`));
    }
    for (const login of ['head@example.com', 'alice@example.com', 'bob@example.com']) expect(passwordOf(banner, login)).toBeTruthy();
    // Passwords generated for this install, in the banner and a 0600 file; no shared one.
    expect(banner).not.toContain('password: callboard');
    expect(statSync(join(stateDir, '.data', 'logins.json')).mode & 0o777).toBe(0o600);
    expect(banner).toContain(`Browser media through rtpengine (ng udp 127.0.0.1:${PORTS.ng}, RTP ${LAN ?? '127.0.0.1'}:`);
    expect(banner).toContain(`-s ${SALES_NUMBER}`);
    expect(banner).not.toMatch(/could not start|telephony not started/);
  });

  it('should serve the web app on the LAN address', async () => {
    if (!LAN) throw new Error('this machine has no LAN address: the case needs one');
    // plain http from another address: the page itself, or (TLS on) a redirect to https
    const res = await fetch(`http://${LAN}:${PORTS.http}/`, { redirect: 'manual' });
    expect(banner).toMatch(/From other machines: https:/);
    expect([301, 308]).toContain(res.status);
    expect(res.headers.get('location')).toMatch(/^https:/);
  });

  it('should tell a desk phone added from a browser on this machine to register to the LAN address', async () => {
    if (!LAN) throw new Error('this machine has no LAN address: the case needs one');
    const { api: alice } = await new Api(`http://localhost:${PORTS.http}`).login('alice@example.com', passwordOf(banner, 'alice@example.com'));
    const created = await alice.post<{ settings: { server: string } }>('/api/devices', { label: 'Desk' });
    expect(created.status).toBe(201);
    expect(created.body.settings.server).toBe(LAN);
  });

  it('should answer SIP on the LAN address as well as on loopback', async () => {
    if (!LAN) throw new Error('this machine has no LAN address: the case needs one');
    expect(await sipOptions('127.0.0.1', PORTS.sip)).toMatch(/^SIP\/2\.0 \d{3}/);
    expect(await sipOptions(LAN, PORTS.sip)).toMatch(/^SIP\/2\.0 \d{3}/);
  });

  it('should serve the demo data and let Alice answer the demo call in her browser, media through rtpengine', async () => {
    const api = new Api(`http://127.0.0.1:${PORTS.http}`);
    const { api: headApi, token: headToken } = await api.login('head@example.com', passwordOf(banner, 'head@example.com'));
    const board = await headApi.get('/api/board');
    expect(board.status).toBe(200);
    expect(JSON.stringify(board.body)).toContain('"title"');

    head = await RecordingSocket.connect(`http://127.0.0.1:${PORTS.http}`, headToken);
    browser = await launchSoftphoneBrowser();
    const alice: Page = await browser.login(URL, 'alice@example.com', passwordOf(banner, 'alice@example.com'));
    await alice.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 30_000 });

    // the command the banner prints, with this instance's ports
    const sipp = spawn('sipp', ['-sf', join(ROOT, 'pbx-bridge', 'kamailio', 'demo', 'demo-call.xml'), '-s', SALES_NUMBER,
      '-i', '127.0.0.1', '-p', String(PORTS.sipp), '-m', '1', '-timeout', '30s', '-timeout_error', `127.0.0.1:${PORTS.sip}`], { stdio: 'ignore' });
    const sippExit = exitOf(sipp);

    const panel = alice.getByTestId('softphone-incoming');
    await panel.waitFor({ timeout: 10_000 });
    const callId = (await panel.getAttribute('data-call-id'))!;
    const created = await head.waitFor('deal.created', (deal) => deal.source === 'inbound_call' || /Call from/.test(deal.title), 10_000);
    await alice.getByTestId('softphone-answer').click();
    await alice.locator('[data-testid="softphone"][data-state="in_call"]').waitFor({ timeout: 10_000 });

    // the browser's DTLS-SRTP reached rtpengine (sipp's plain RTP/AVP offer was turned into one the browser takes)
    const rtp = { ng: (m: Record<string, unknown>) => ngRequest(PORTS.ng, m), runDir: join(stateDir, '.run', 'rtpengine') };
    let sent = 0;
    for (let i = 0; i < 100 && sent < 25; i++) {
      await alice.waitForTimeout(50); // polling the page's RTP counters; no event tells a packet left
      sent = (await audioStats(alice)).sent;
    }
    const stats = await audioStats(alice);
    expect(stats.connected).toBe(true);
    expect(stats.sent).toBeGreaterThanOrEqual(25);
    const { legs, unexpectedErrors } = await queryLegs(rtp, callId);
    expect(Math.max(...legs.map((l) => l.received))).toBeGreaterThan(0);
    expect(unexpectedErrors).toBe(0);

    // the call's deal is Alice's now, and the demo caller hangs up after 5 s
    const aliceId = (await api.login('alice@example.com', passwordOf(banner, 'alice@example.com'))).user.id;
    await eventually(() => headApi.get(`/api/deals/${created.payload.id}`), (r) => r.body?.ownerId === aliceId, 'the deal to be Alice\'s');
    expect(await sippExit).toBe(0);
    await alice.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 10_000 });
    // the end reaches the CRM through the bridge, on its own time after the phones saw the BYE
    const logged = await eventually(
      () => headApi.get(`/api/calls?kind=inbound`),
      (r) => (r.body as Array<{ sipCallId: string; outcome: string }>).some((c) => c.sipCallId === callId && c.outcome === 'completed'),
      'the call logged as completed',
    );
    expect(logged.body).toEqual(expect.arrayContaining([expect.objectContaining({ sipCallId: callId, dealId: created.payload.id, outcome: 'completed' })]));
  }, 120_000);

  it('should stop everything it started on SIGTERM', async () => {
    started.child.kill('SIGTERM');
    expect(await exitOf(started.child)).toBe(0);
    await expect(ngRequest(PORTS.ng, { command: 'ping' }, 500)).rejects.toThrow();
    const res = await fetch(`http://127.0.0.1:${PORTS.http}/api/health`).then(() => 'answered', () => 'refused');
    expect(res).toBe('refused');
  }, 60_000);
});

describe('npm start without root and without the telephony packages', () => {
  const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `cb_npm_start_${process.pid}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  let stateDir: string;
  let shims: DebianShims;
  let started: ReturnType<typeof npmStart>;
  let banner: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'cb-npm-start-user-'));
    shims = new DebianShims(); // dpkg-query: nothing is installed
    await admin(`CREATE DATABASE ${dbName}`);
    started = npmStart(stateDir, shims, {
      CALLBOARD_INSTALL_PACKAGES: 'never', // what a user who is not root gets (the installer's own spec runs it with root: false)
      KAMAILIO_BIN: join(stateDir, 'no-kamailio'), // as on a machine without Kamailio
      DATABASE_URL: ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`),
      PORT: String(PORTS.http + 10),
    });
    banner = await started.banner;
  }, 120_000);

  afterAll(async () => {
    if (started?.child.exitCode === null) {
      started.child.kill('SIGTERM');
      await exitOf(started.child);
    }
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(stateDir, { recursive: true, force: true });
    shims?.remove();
  }, 60_000);

  it('should install nothing, say exactly what to install in one apt-get line, and still run the CRM', async () => {
    expect(shims.calls()).toEqual([]);
    expect(banner).toContain('Telephony: off — Kamailio is not installed');
    expect(banner).toContain(`    apt-get install -y --no-install-recommends ${TELEPHONY_PACKAGES.join(' ')}\n`);
    expect(banner).not.toMatch(/run `npm test` as root/);
    const health = await fetch(`http://127.0.0.1:${PORTS.http + 10}/api/health`);
    expect(health.status).toBe(200);
  });

  it('should leave no backend behind when npm start itself is killed hard', async () => {
    started.child.kill('SIGKILL');
    await exitOf(started.child);
    const health = () => fetch(`http://127.0.0.1:${PORTS.http + 10}/api/health`).then(() => 'answered', () => 'refused');
    await eventually(health, (r) => r === 'refused', 'the orphaned backend to exit', 10_000);
  });
});

describe('npm start on a fresh clone', () => {
  let clone: string;
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('should install node_modules with npm ci and leave git status clean', () => {
    clone = mkdtempSync(join(tmpdir(), 'cb-fresh-clone-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: clone, encoding: 'utf8' });
    execFileSync('git', ['clone', '--quiet', ROOT, clone]); // the committed tree, as a new user gets it
    // npm start's first step, in the clone (its setup.mjs, its lock)
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', "(await import('./scripts/lib/setup.mjs')).ensureNodeModules()"], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, npm_config_prefer_offline: 'true' },
    });
    expect(out).toContain('installing npm dependencies (npm ci)');
    expect(out).not.toContain('running npm install');
    expect(git('status', '--porcelain')).toBe('');
  }, 300_000);
});
