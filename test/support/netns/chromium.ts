import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from '../../e2e/browser';
import { launchSoftphoneBrowser, type SoftphoneBrowser } from '../softphone/browser';
import type { Lan } from './lan';

export interface NamespacedChromiumOptions {
  lan: Lan;
  /** The machine Chromium runs on. */
  host: string;
  /** Host names Chromium resolves to addresses (`--host-resolver-rules`), e.g. { 'callboard.test': '10.77.1.1' }. */
  names?: Record<string, string>;
  /** A CA certificate (PEM) Chromium trusts for servers, through an NSS database in its own HOME. */
  caFile?: string;
}

/**
 * Debian's Chromium on one machine of the LAN: a wrapper script runs it through `ip netns exec`
 * (playwright-core talks to it over the pipes it inherits), with HOME pointed at a folder whose
 * NSS database (~/.pki/nssdb) trusts `caFile`, the way a user trusts a CA on Linux.
 */
export async function launchNamespacedChromium(o: NamespacedChromiumOptions): Promise<SoftphoneBrowser> {
  const home = mkdtempSync(join(tmpdir(), 'cb-netns-chromium-home-'));
  try {
    if (o.caFile) trustCa(home, o.caFile);
    const wrapper = join(home, 'chromium');
    const ns = o.lan.hosts[o.host]?.ns;
    if (!ns) throw new Error(`no machine ${o.host} on this LAN`);
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec '${ns}' env HOME='${home}' '${CHROMIUM}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const rules = Object.entries(o.names ?? {}).map(([name, address]) => `MAP ${name} ${address}`);
    const browser = await launchSoftphoneBrowser(rules.length ? [`--host-resolver-rules=${rules.join(', ')}`] : [], { executablePath: wrapper });
    return {
      login: (baseUrl, email, password) => browser.login(baseUrl, email, password),
      newPage: () => browser.newPage(),
      async close() {
        await browser.close();
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(home, { recursive: true, force: true });
    throw e;
  }
}

/** A fresh NSS database in `home` that trusts `caFile` to identify web sites (certutil, libnss3-tools). */
export function trustCa(home: string, caFile: string): void {
  const db = join(home, '.pki', 'nssdb');
  mkdirSync(db, { recursive: true });
  const certutil = (args: string[]) => {
    const r = spawnSync('certutil', ['-d', `sql:${db}`, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`certutil ${args.join(' ')}: ${r.stderr || r.error?.message}`);
  };
  certutil(['-N', '--empty-password']);
  certutil(['-A', '-n', 'Callboard test CA', '-t', 'C,,', '-i', caFile]);
}
