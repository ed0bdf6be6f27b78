import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './backend';

export interface Certificates {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A local CA and server certificate made by scripts/lib/certs.mjs, exactly as npm start makes them. */
export function makeCertificates(dir: string, names: string[], addresses: string[]): Certificates {
  const script = `import(${JSON.stringify(join(ROOT, 'scripts', 'lib', 'certs.mjs'))}).then(async (m) => process.stdout.write(JSON.stringify(
    await m.ensureLocalCertificates(${JSON.stringify({ dir, names, addresses })}))))`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Certificates;
}

/** Chromium's `--ignore-certificate-errors-spki-list` value for a certificate: it trusts that key only. */
export function spkiHash(certFile: string): string {
  const der = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}
