import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { eventually } from '../e2e/browser';
import { Api } from '../support/api';
import { ROOT } from '../support/backend';
import { audioStats, launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { ngRequest, queryLegs } from '../support/softphone/rtpengine';
import { RecordingSocket } from '../support/socket';

// `npm start` as a user runs it (scripts/start.mjs): embedded PostgreSQL (no DATABASE_URL), demo
// data, rtpengine, Kamailio, the bridge and the web app on one port, in a state folder of its own
// and on ports of its own (SOFTPHONE_PORT_BASE + 2400). The demo call the banner prints reaches
// Alice's browser, she answers, and her media goes through the rtpengine npm start started.

const BASE = Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 2400;
const PORTS = { http: BASE, pg: BASE + 1, sip: BASE + 2, ws: BASE + 3, evapi: BASE + 4, rpc: BASE + 5, ng: BASE + 6, sipp: BASE + 7 };
const URL = `http://localhost:${PORTS.http}`;
const SALES_NUMBER = '+3612345678';

/** Runs `node scripts/start.mjs` and resolves with its output once the banner is printed. */
function npmStart(stateDir: string): { child: ChildProcess; banner: Promise<string>; output: () => string } {
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
  });
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
  /** The demo logins npm start generated for this instance (SEED_LOGINS_FILE in its state directory). */
  const logins = (): { email: string; password: string }[] => JSON.parse(readFileSync(join(stateDir, '.data', 'logins.json'), 'utf8')).logins;
  const password = (email: string) => logins().find((l) => l.email === email)!.password;
  let started: ReturnType<typeof npmStart>;
  let banner: string;
  let browser: SoftphoneBrowser | undefined;
  let head: RecordingSocket | undefined;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'cb-npm-start-'));
    chmodSync(stateDir, 0o755); // embedded PostgreSQL runs as the `postgres` user below it when we are root
    started = npmStart(stateDir);
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
  }, 60_000);

  it('should print where to open it, the demo logins and the telephony it started', () => {
    expect(banner).toContain(`Callboard is running: open http://localhost:${PORTS.http}`);
    for (const login of ['head@example.com', 'alice@example.com', 'bob@example.com']) expect(banner).toContain(login);
    // Passwords generated for this install, in the banner and the 0600 file; no shared one.
    expect(banner).not.toContain('password: callboard');
    for (const l of logins()) expect(banner).toContain(l.password);
    expect(statSync(join(stateDir, '.data', 'logins.json')).mode & 0o777).toBe(0o600);
    expect(banner).toContain(`Browser media through rtpengine (ng udp 127.0.0.1:${PORTS.ng}`);
    expect(banner).toContain(`-s ${SALES_NUMBER}`);
    expect(banner).not.toMatch(/could not start|telephony not started/);
  });

  it('should serve the demo data and let Alice answer the demo call in her browser, media through rtpengine', async () => {
    const api = new Api(`http://127.0.0.1:${PORTS.http}`);
    const { api: headApi, token: headToken } = await api.login('head@example.com', password('head@example.com'));
    const board = await headApi.get('/api/board');
    expect(board.status).toBe(200);
    expect(JSON.stringify(board.body)).toContain('"title"');

    head = await RecordingSocket.connect(`http://127.0.0.1:${PORTS.http}`, headToken);
    browser = await launchSoftphoneBrowser();
    const alice: Page = await browser.login(URL, 'alice@example.com', password('alice@example.com'));
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
    const aliceId = (await api.login('alice@example.com', password('alice@example.com'))).user.id;
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
