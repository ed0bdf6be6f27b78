import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../support/softphone/browser';
import { MediaStack, softphonePorts } from '../support/softphone/media-stack';
import { makeCertificates, spkiHash } from '../support/tls-certificates';

// The app served over https (a certificate made by scripts/lib/certs.mjs, trusted by Chromium
// through its key's SPKI hash, as an installed CA would be): the phone registers as over http.
// Kamailio's own WSS is the SIP side's; here the phone uses Kamailio's WS on loopback.

const ports = softphonePorts(Number(process.env.SOFTPHONE_PORT_BASE ?? 23000) + 2700);

describe('softphone on an https page (Chromium, Kamailio, rtpengine)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-https-page-'));
  const certs = makeCertificates(dir, ['localhost'], ['127.0.0.1']);
  const stack = new MediaStack(ports, undefined, { TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile, TLS_CA_FILE: certs.caFile });
  let browser: SoftphoneBrowser;
  let alice: Page;

  beforeAll(async () => {
    await stack.start();
    browser = await launchSoftphoneBrowser([`--ignore-certificate-errors-spki-list=${spkiHash(certs.certFile)}`]);
    alice = await browser.login(`https://localhost:${stack.backend.port}`, 'alice@example.com', 'callboard');
  });

  afterAll(async () => {
    await browser?.close();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should register the phone when the page is https and trusted', async () => {
    expect(alice.url()).toMatch(/^https:\/\/localhost:\d+\//);
    expect(await alice.evaluate(() => window.isSecureContext)).toBe(true);
    await alice.locator('[data-testid="softphone"][data-state="ready"]').waitFor({ timeout: 20_000 });
    // the app's own socket is live over wss as well
    await alice.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 10_000 });
  });
});
