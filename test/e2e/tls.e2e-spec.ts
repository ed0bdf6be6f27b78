import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { Page } from 'playwright-core';
import { startBackend, type StartedBackend } from '../support/backend';
import { addLocalAddress, type LocalAddress } from '../support/local-address';
import { type Certificates, makeCertificates, spkiHash } from '../support/tls-certificates';
import { launchBrowser, type TestBrowser } from './browser';

// Real Chromium against the real backend: the phone dock on a page that is not a secure context,
// and on an https page whose phone WebSocket (wss) presents a certificate the browser does not trust.

const WAIT = 15_000;

async function signIn(page: Page, origin: string, email = 'alice@example.com'): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill('callboard');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('board').waitFor({ timeout: WAIT });
}

let dir: string;
let certs: Certificates;
let other: LocalAddress;

beforeAll(() => {
  other = addLocalAddress();
  dir = mkdtempSync(join(tmpdir(), 'callboard-tls-e2e-'));
  certs = makeCertificates(join(dir, 'server'), ['localhost'], ['127.0.0.1', other.address]);
});

afterAll(() => {
  other?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the phone dock on a page that is not a secure context (TLS=off, opened from another address)', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;

  beforeAll(async () => {
    backend = await startBackend({ env: { HOST: '0.0.0.0', TLS: 'off' } });
    chromium = await launchBrowser();
  });

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  it('should say the page is not secure and start no phone when it is plain http from a non-loopback address', async () => {
    const page = await chromium.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    // 198.18.x.x is this machine, but not loopback: Chromium treats the origin as not trustworthy
    await signIn(page, `http://${other.address}:${backend.port}`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);

    const notice = page.getByTestId('softphone-insecure');
    await notice.waitFor({ timeout: WAIT });
    expect(await notice.textContent()).toMatch(/plain http.*no microphone/i);
    await page.getByText('This server does not offer https').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('softphone').getAttribute('data-state')).toBe('disconnected');
    // no SIP WebSocket was tried (the only socket is the app's own socket.io)
    expect(sockets.filter((u) => !u.includes('/socket.io/'))).toEqual([]);
    await page.context().close();
  });

  it('should keep the phone on a loopback http page when it is a secure context', async () => {
    const page = await chromium.newPage();
    await signIn(page, `http://127.0.0.1:${backend.port}`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await page.getByTestId('softphone-status').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('softphone-insecure').count()).toBe(0);
    await page.context().close();
  });
});

describe('the phone dock on plain http behind a TLS-terminating proxy (PUBLIC_URL)', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;

  beforeAll(async () => {
    backend = await startBackend({ env: { HOST: '0.0.0.0', PUBLIC_URL: 'https://crm.example.com' } });
    chromium = await launchBrowser();
  });

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
  });

  it('should give the public https address of the same page when the page bypassed the proxy', async () => {
    const page = await chromium.newPage();
    await signIn(page, `http://${other.address}:${backend.port}`);
    const link = page.getByTestId('softphone-insecure-https-link');
    await link.waitFor({ timeout: WAIT });
    expect(await link.getAttribute('href')).toBe('https://crm.example.com/board');
    await page.context().close();
  });
});

describe('an https page whose phone WebSocket certificate is not trusted', () => {
  let backend: StartedBackend;
  let chromium: TestBrowser;
  let untrustedWss: TlsServer;
  let wssPort: number;

  beforeAll(async () => {
    // The "SIP server": up (accepts TCP and TLS) but with a certificate from another CA.
    const foreign = makeCertificates(join(dir, 'foreign'), ['localhost'], ['127.0.0.1']);
    untrustedWss = createTlsServer({ cert: readFileSync(foreign.certFile), key: readFileSync(foreign.keyFile) }, (s) => s.destroy());
    untrustedWss.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => untrustedWss.listen(0, '127.0.0.1', r));
    wssPort = (untrustedWss.address() as { port: number }).port;
    backend = await startBackend({
      env: { HOST: '0.0.0.0', TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile, TLS_CA_FILE: certs.caFile, SIP_WSS_PORT: String(wssPort) },
    });
    // Chromium trusts the app's certificate (as if its CA were installed), not the foreign one
    chromium = await launchBrowser([`--ignore-certificate-errors-spki-list=${spkiHash(certs.certFile)}`]);
  });

  afterAll(async () => {
    await chromium?.close();
    await backend?.destroy();
    await new Promise((r) => untrustedWss?.close(r));
  });

  it('should offer the CA download on the sign-in page when the server made one', async () => {
    const page = await chromium.newPage();
    await page.goto(`https://localhost:${backend.port}/login`);
    const link = page.getByTestId('tls-ca-download');
    await link.waitFor({ state: 'attached', timeout: WAIT });
    expect(await link.getAttribute('href')).toBe('/api/tls/ca.pem');
    await page.context().close();
  });

  it('should say "trust the certificate" with the links, not "offline", when the WSS fails while the SIP server is up', async () => {
    const page = await chromium.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await signIn(page, `https://localhost:${backend.port}`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);

    const notice = page.getByTestId('softphone-trust-certificate');
    await notice.waitFor({ timeout: WAIT });
    // the phone used the page's own host and the WSS port, never a fixed localhost URL from the server
    expect(sockets).toContain(`wss://localhost:${wssPort}/`);
    expect(await page.getByTestId('softphone-trust-link').getAttribute('href')).toBe(`https://localhost:${wssPort}`);
    expect(await notice.getByTestId('tls-ca-download').getAttribute('href')).toBe('/api/tls/ca.pem');
    expect(await page.getByTestId('softphone-status').textContent()).toMatch(/certificate not trusted/);
    expect(await page.getByTestId('softphone-error').count()).toBe(0);
    // the phone keeps retrying (2 s later) and the notice stays through the retry
    if (sockets.filter((u) => u.startsWith('wss://localhost:')).length < 2) {
      await page.waitForEvent('websocket', { predicate: (ws) => ws.url().startsWith('wss://localhost:'), timeout: WAIT });
    }
    await page.locator('[data-testid="softphone"][data-state="disconnected"]').waitFor({ timeout: WAIT });
    await notice.waitFor({ timeout: WAIT });
    expect(await page.getByTestId('softphone-status').textContent()).toMatch(/certificate not trusted/);
    await page.context().close();
  });

  it('should say offline, not "trust the certificate", when nothing listens on the WSS port', async () => {
    await new Promise((r) => untrustedWss.close(r));
    // the health answer is cached for 3 s: wait until the backend sees the port closed
    const api = `http://127.0.0.1:${backend.port}/api/health`;
    const deadline = Date.now() + 10_000;
    while ((await (await fetch(api)).json()).sip.ws !== 'down') {
      if (Date.now() > deadline) throw new Error('health never said down');
      await new Promise((r) => setTimeout(r, 250));
    }
    const page = await chromium.newPage();
    await signIn(page, `https://localhost:${backend.port}`);
    await page.getByTestId('softphone-error').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('softphone-trust-certificate').count()).toBe(0);
    expect(await page.getByTestId('softphone-status').textContent()).toBe('Phone offline');
    await page.context().close();
  });
});
