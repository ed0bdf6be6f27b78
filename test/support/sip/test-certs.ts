import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface TestCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** The CA certificate (PEM), for clients that must trust it. */
  ca: string;
}

/**
 * A throwaway CA and a server certificate it signed for `names` (DNS) and `addresses` (IP), made
 * with Debian's openssl. Prefers scripts/lib/certs.mjs (ensureLocalCertificates) once it exists.
 */
export async function makeTestCertificates(names = ['localhost'], addresses = ['127.0.0.1']): Promise<TestCertificates> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-certs-'));
  const shared = join(__dirname, '../../../scripts/lib/certs.mjs');
  if (existsSync(shared)) {
    // ESM: called in a child Node (jest runs specs as CommonJS)
    const script = `const m = await import(${JSON.stringify(pathToFileURL(shared).href)});
      process.stdout.write(JSON.stringify(await m.ensureLocalCertificates(JSON.parse(process.argv[1]))));`;
    const r = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify({ dir, names, addresses })], { encoding: 'utf8' }));
    return { caFile: r.caFile, certFile: r.certFile, keyFile: r.keyFile, ca: readFileSync(r.caFile, 'utf8') };
  }
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
    '-subj', '/CN=Callboard Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${names[0]}`);
  const san = [...names.map((n) => `DNS:${n}`), ...addresses.map((a) => `IP:${a}`)].join(',');
  writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem',
    '-days', '2', '-extfile', 'ext.cnf');
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key'), ca: readFileSync(join(dir, 'ca.pem'), 'utf8') };
}
