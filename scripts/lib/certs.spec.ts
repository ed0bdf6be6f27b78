import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';

// certs.mjs is an ES module run by plain node (npm start); jest here is CommonJS, so each call
// runs in a real node process, exactly as npm start runs it.
const MODULE = join(__dirname, 'certs.mjs');

interface Result { caFile: string; certFile: string; keyFile: string; reissued: boolean; skipped: string[] }

function ensure(dir: string, names: string[], addresses: string[], asUser?: string): Result {
  const script = `import(${JSON.stringify(MODULE)}).then(async (m) => process.stdout.write(JSON.stringify(
    await m.ensureLocalCertificates(${JSON.stringify({ dir, names, addresses })}))))`;
  const cmd = asUser ? ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath] : [process.execPath];
  const out = execFileSync(cmd[0], [...cmd.slice(1), '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as Result;
}

const read = (file: string) => new X509Certificate(readFileSync(file));

describe('ensureLocalCertificates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'callboard-certs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should issue a server certificate for the names and addresses, signed by the local CA, when none exists', () => {
    const res = ensure(dir, ['localhost', 'Office-PC'], ['127.0.0.1', '::1', '192.168.1.20']);
    expect(res.reissued).toBe(true);

    const ca = read(res.caFile);
    const cert = read(res.certFile);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost('office-pc')).toBe('office-pc');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('other-host')).toBeUndefined();
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    // node's TLS accepts the pair as it is
    expect(() => createSecureContext({ cert: readFileSync(res.certFile), key: readFileSync(res.keyFile) })).not.toThrow();
  });

  it('should write both keys readable by their owner only when it creates them', () => {
    const res = ensure(dir, ['localhost'], ['127.0.0.1']);
    expect(statSync(res.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'ca.key')).mode & 0o777).toBe(0o600);
    expect(statSync(res.caFile).mode & 0o777).toBe(0o644);
  });

  it('should keep both certificates when the names and addresses are the same', () => {
    const first = ensure(dir, ['localhost', 'office-pc'], ['127.0.0.1', '10.0.0.5']);
    const before = read(first.certFile).fingerprint256;
    const caBefore = read(first.caFile).fingerprint256;

    // same set, other order and spelling
    const second = ensure(dir, ['OFFICE-PC', 'localhost'], ['10.0.0.5', '127.0.0.1']);
    expect(second.reissued).toBe(false);
    expect(read(second.certFile).fingerprint256).toBe(before);
    expect(read(second.caFile).fingerprint256).toBe(caBefore);
  });

  it('should reissue the server certificate but keep the CA when an address changes', () => {
    const first = ensure(dir, ['localhost'], ['127.0.0.1', '10.0.0.5']);
    const before = read(first.certFile).fingerprint256;
    const caBefore = read(first.caFile).fingerprint256;

    const second = ensure(dir, ['localhost'], ['127.0.0.1', '10.0.0.6']);
    expect(second.reissued).toBe(true);
    const cert = read(second.certFile);
    expect(cert.fingerprint256).not.toBe(before);
    expect(cert.checkIP('10.0.0.6')).toBe('10.0.0.6');
    expect(cert.checkIP('10.0.0.5')).toBeUndefined();
    // phones and browsers that trust the CA once keep trusting the new certificate
    expect(read(second.caFile).fingerprint256).toBe(caBefore);
    expect(cert.verify(read(second.caFile).publicKey)).toBe(true);
  });

  it('should reissue the server certificate when a name is added', () => {
    ensure(dir, ['localhost'], ['127.0.0.1']);
    const res = ensure(dir, ['localhost', 'crm.office.lan'], ['127.0.0.1']);
    expect(res.reissued).toBe(true);
    expect(read(res.certFile).checkHost('crm.office.lan')).toBe('crm.office.lan');
  });

  it('should treat an IPv4-mapped or expanded IPv6 address as the same address when it is unchanged', () => {
    ensure(dir, ['localhost'], ['::ffff:10.1.2.3', '::1', 'fd00::2']);
    expect(ensure(dir, ['localhost'], ['0:0:0:0:0:ffff:a01:203', '0::1', 'FD00:0:0::2']).reissued).toBe(false);
  });

  it('should reissue a server certificate that the CA did not sign when the files were mixed up', () => {
    const other = mkdtempSync(join(tmpdir(), 'callboard-certs-other-'));
    try {
      const mine = ensure(dir, ['localhost'], ['127.0.0.1']);
      const theirs = ensure(other, ['localhost'], ['127.0.0.1']);
      execFileSync('cp', [theirs.certFile, mine.certFile]);
      execFileSync('cp', [theirs.keyFile, mine.keyFile]);

      const res = ensure(dir, ['localhost'], ['127.0.0.1']);
      expect(res.reissued).toBe(true);
      expect(read(res.certFile).verify(read(res.caFile).publicKey)).toBe(true);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('should reissue the server certificate when it is within 30 days of expiry', () => {
    const res = ensure(dir, ['localhost'], ['127.0.0.1']);
    // the same key and names, signed by the same CA, for 10 days: only the expiry differs
    const csr = join(dir, 'short.csr');
    execFileSync('openssl', ['req', '-new', '-key', res.keyFile, '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-out', csr], { stdio: 'ignore' });
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', res.caFile, '-CAkey', join(dir, 'ca.key'),
      '-days', '10', '-copy_extensions', 'copyall', '-out', res.certFile], { stdio: 'ignore' });
    expect(Date.parse(read(res.certFile).validTo) - Date.now()).toBeLessThan(11 * 86_400_000);
    expect(read(res.certFile).verify(read(res.caFile).publicKey)).toBe(true);

    expect(ensure(dir, ['localhost'], ['127.0.0.1']).reissued).toBe(true);
    expect(Date.parse(read(res.certFile).validTo) - Date.now()).toBeGreaterThan(300 * 86_400_000);
  });

  it('should leave out a host name that cannot be in a certificate and say so', () => {
    const res = ensure(dir, ['localhost', 'bad_name'], ['127.0.0.1', 'fe80::1%eth0']);
    expect(res.skipped).toEqual(['bad_name', 'fe80::1%eth0']);
    expect(read(res.certFile).checkHost('localhost')).toBe('localhost');
  });

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  (asRoot ? it : it.skip)('should work for a user who is not root when that user may write the folder', () => {
    chmodSync(dir, 0o777);
    const sub = join(dir, 'state');
    const res = ensure(sub, ['localhost'], ['127.0.0.1'], '65534');
    expect(statSync(res.keyFile).uid).toBe(65534);
    expect(read(res.certFile).verify(read(res.caFile).publicKey)).toBe(true);
  });
});
