// A local certificate authority and a server certificate for a LAN install (ADR 0007).
// Only Node's standard library and the `openssl` command (Debian's openssl package): this runs
// from `npm start` before anything else is known to work, as root or not.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

const CA_DAYS = 3650;
// Below Apple's 398-day ceiling for server certificates; reissued well before it runs out.
const SERVER_DAYS = 397;
const RENEW_BEFORE_MS = 30 * 86_400_000;

/**
 * Makes sure `dir` holds a local CA (created once, kept across runs) and a server certificate
 * signed by it for exactly `names` (DNS) and `addresses` (IP). The server certificate is reissued
 * when the set of names or addresses changes, when it is within 30 days of expiry, when it is not
 * signed by the CA in `dir`, or when its key does not match. Keys are written with mode 0600.
 *
 * @returns {{ caFile: string, certFile: string, keyFile: string, reissued: boolean, skipped: string[] }}
 *   `skipped`: names or addresses that cannot go into a certificate (e.g. a host name with `_`).
 */
export async function ensureLocalCertificates({ dir, names = [], addresses = [] }) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = {
    caFile: join(dir, 'ca.pem'),
    caKeyFile: join(dir, 'ca.key'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server.key'),
  };
  const wanted = subjects(names, addresses);
  if (!wanted.dns.length && !wanted.ip.length) throw new Error('ensureLocalCertificates: no usable name or address');

  let reissued = false;
  let ca = readCertificate(files.caFile);
  if (!ca || !existsSync(files.caKeyFile) || !keyMatches(ca, files.caKeyFile) || expiresSoon(ca)) {
    createCa(files);
    ca = readCertificate(files.caFile);
    reissued = true;
  }
  const server = readCertificate(files.certFile);
  if (reissued || !server || !existsSync(files.keyFile) || !keyMatches(server, files.keyFile)
    || expiresSoon(server) || !server.checkIssued(ca) || !server.verify(ca.publicKey)
    || !sameSubjects(server, wanted)) {
    createServerCertificate(files, wanted);
    reissued = true;
  }
  return { caFile: files.caFile, certFile: files.certFile, keyFile: files.keyFile, reissued, skipped: wanted.skipped };
}

/** What a LAN install's certificate should cover: localhost, this host's names, every address. */
export function defaultCertificateSubjects() {
  const host = hostname().toLowerCase();
  const names = ['localhost', host];
  if (!host.includes('.')) names.push(`${host}.local`);
  const addresses = ['127.0.0.1', '::1'];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      // a link-local IPv6 address needs a zone id, which no certificate can name
      if (!a.internal && !(a.family === 'IPv6' && a.address.toLowerCase().startsWith('fe80:'))) addresses.push(a.address);
    }
  }
  return { names, addresses };
}

// ---- what goes into the certificate ----

const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function subjects(names, addresses) {
  const dns = new Set();
  const ip = new Set();
  const skipped = [];
  for (const raw of names) {
    const name = String(raw).trim().toLowerCase().replace(/\.$/, '');
    if (DNS_NAME.test(name) && name.length <= 253) dns.add(name);
    else skipped.push(String(raw));
  }
  for (const raw of addresses) {
    const text = String(raw).trim().replace(/^\[|\]$/g, '');
    // a scoped address (fe80::1%eth0) cannot be named in a certificate
    if (isIP(text) && !text.includes('%')) ip.add(canonicalIp(text));
    else skipped.push(String(raw));
  }
  return { dns: [...dns].sort(), ip: [...ip].sort(), skipped };
}

/** The form OpenSSL (and so X509Certificate.subjectAltName) prints an address in. */
function canonicalIp(text) {
  if (isIP(text) === 4) return text.split('.').map(Number).join('.');
  let body = text.toLowerCase();
  const v4 = body.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    body = body.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = body.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16).toUpperCase()).join(':');
}

function sameSubjects(cert, wanted) {
  const dns = [];
  const ip = [];
  for (const entry of (cert.subjectAltName ?? '').split(', ')) {
    if (entry.startsWith('DNS:')) dns.push(entry.slice(4).toLowerCase());
    else if (entry.startsWith('IP Address:')) ip.push(canonicalIp(entry.slice(11)));
  }
  return same(dns.sort(), wanted.dns) && same(ip.sort(), wanted.ip);
}

const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

// ---- files ----

function readCertificate(file) {
  try {
    return new X509Certificate(readFileSync(file));
  } catch {
    return null;
  }
}

function keyMatches(cert, keyFile) {
  try {
    return cert.checkPrivateKey(createPrivateKey(readFileSync(keyFile)));
  } catch {
    return false;
  }
}

const expiresSoon = (cert) => Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_MS;

/** Writes next to the target, then renames: a reader never sees half a file. */
function writeAtomic(file, content, mode) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

function newKey(file) {
  // RSA 2048: what every desk phone and browser accepts
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeAtomic(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), 0o600);
}

const serial = () => `0x${randomBytes(16).toString('hex').replace(/^[89a-f]/, '7')}`;

function openssl(args, dir) {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    if (err.code === 'ENOENT') throw new Error('openssl is not installed (Debian: apt-get install openssl)');
    throw new Error(`openssl ${args[0]} failed: ${String(err.stderr ?? err.message).trim()}`);
  }
}

function createCa({ caFile, caKeyFile }) {
  const dir = join(caFile, '..');
  newKey(caKeyFile);
  // a distinct name per install: browsers keep CAs by name, and two installs must not collide
  const subject = `/O=Callboard/CN=Callboard local CA ${hostname().replace(/[/=+,]/g, '-')} ${randomBytes(4).toString('hex')}`;
  const tmp = `${caFile}.${process.pid}.tmp`;
  openssl(['req', '-x509', '-new', '-key', caKeyFile, '-sha256', '-days', String(CA_DAYS), '-set_serial', serial(),
    '-subj', subject, '-out', tmp,
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash'], dir);
  chmodSync(tmp, 0o644);
  renameSync(tmp, caFile);
}

function createServerCertificate({ caFile, caKeyFile, certFile, keyFile }, wanted) {
  const dir = join(certFile, '..');
  const keyTmp = `${keyFile}.new`;
  newKey(keyTmp);
  const san = [...wanted.dns.map((n) => `DNS:${n}`), ...wanted.ip.map((a) => `IP:${a}`)].join(',');
  const csr = `${certFile}.${process.pid}.csr`;
  const ext = `${certFile}.${process.pid}.ext`;
  const tmp = `${certFile}.${process.pid}.tmp`;
  writeFileSync(ext, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${san}`,
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid',
  ].join('\n'));
  try {
    openssl(['req', '-new', '-key', keyTmp, '-subj', `/O=Callboard/CN=${wanted.dns[0] ?? wanted.ip[0]}`, '-out', csr], dir);
    openssl(['x509', '-req', '-in', csr, '-CA', caFile, '-CAkey', caKeyFile, '-set_serial', serial(), '-sha256',
      '-days', String(SERVER_DAYS), '-extfile', ext, '-out', tmp], dir);
    chmodSync(tmp, 0o644);
    // key first: a reader that sees the new certificate also finds its key
    renameSync(keyTmp, keyFile);
    renameSync(tmp, certFile);
  } finally {
    for (const f of [csr, ext, tmp, keyTmp]) rmSync(f, { force: true });
  }
}
