/* The starter's options as Kamailio sees them: each rendered config is checked by `kamailio -c`
 * (the real parser and module loader), no ports opened. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeTestCertificates, type TestCertificates } from '../support/sip/test-certs';

const STARTER = pathToFileURL(resolve(__dirname, '../../pbx-bridge/kamailio/kamailio.mjs')).href;

/** Calls an export of kamailio.mjs (ESM, which jest's CommonJS cannot load) in a child Node. */
function call(fn: string, ...args: unknown[]): any {
  const script = `const k = await import(${JSON.stringify(STARTER)});
    try { process.stdout.write(JSON.stringify({ ok: (await k[${JSON.stringify(fn)}](...JSON.parse(process.argv[1]))) ?? null })); }
    catch (e) { process.stdout.write(JSON.stringify({ error: e.message })); }`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(args)], { encoding: 'utf8' }));
  if ('error' in out) throw new Error(out.error);
  return out.ok;
}

const k = {
  renderConfig: (o: Record<string, unknown>): string => call('renderConfig', o),
  renderTlsConfig: (tls: { certFile: string; keyFile: string }): string => call('renderTlsConfig', tls),
  checkConfig: (path: string): void => call('checkConfig', path),
};

describe('Kamailio starter options (kamailio.mjs)', () => {
  let certs: TestCertificates;
  const base = { serviceToken: 'token', sharedSecret: 'secret' };

  beforeAll(async () => {
    certs = await makeTestCertificates();
  });

  /** Renders into a fresh run folder and has Kamailio check it; returns the config text. */
  function check(options: Record<string, unknown>): string {
    const runDir = mkdtempSync(join(tmpdir(), 'cb-kamcfg-'));
    const o: Record<string, any> = { ...base, runDir, ...options };
    if (o.tls) writeFileSync(join(runDir, 'tls.cfg'), k.renderTlsConfig(o.tls as never));
    const cfg = k.renderConfig(o);
    writeFileSync(join(runDir, 'kamailio.cfg'), cfg);
    k.checkConfig(join(runDir, 'kamailio.cfg'));
    return cfg;
  }
  const listens = (cfg: string) => cfg.split('\n').filter((l) => l.startsWith('listen='));

  it('should keep the single listenIp alias and the defaults (no TLS, no database)', () => {
    const cfg = check({ listenIp: '127.0.0.1' });
    expect(listens(cfg)).toEqual(['listen=udp:127.0.0.1:5060', 'listen=tcp:127.0.0.1:5060', 'listen=tcp:127.0.0.1:8088', 'listen=tcp:127.0.0.1:5071']);
    expect(cfg).not.toMatch(/^#!define WITH_(TLS|DB)$/m);
  });

  it('should listen on loopback and the LAN address, advertise on the LAN sockets only, with TLS and WSS on both', () => {
    const cfg = check({
      listenIps: ['127.0.0.1', '10.1.2.3'],
      advertisedAddress: '203.0.113.5',
      tls: { certFile: certs.certFile, keyFile: certs.keyFile },
      dbUrl: 'postgresql://callboard:pw@127.0.0.1:5432/callboard?sslmode=disable',
    });
    expect(listens(cfg)).toEqual([
      'listen=udp:127.0.0.1:5060',
      'listen=tcp:127.0.0.1:5060',
      'listen=tcp:127.0.0.1:8088',
      'listen=tls:127.0.0.1:5061',
      'listen=tls:127.0.0.1:8089',
      'listen=udp:10.1.2.3:5060 advertise 203.0.113.5',
      'listen=tcp:10.1.2.3:5060 advertise 203.0.113.5',
      'listen=tcp:10.1.2.3:8088 advertise 203.0.113.5',
      'listen=tls:10.1.2.3:5061 advertise 203.0.113.5',
      'listen=tls:10.1.2.3:8089 advertise 203.0.113.5',
      'listen=tcp:127.0.0.1:5071',
    ]);
    expect(cfg).toMatch(/^#!define WITH_TLS$/m);
    expect(cfg).toMatch(/^#!define WITH_DB$/m);
    expect(cfg).toContain('modparam("auth_db", "db_url", "postgres://callboard:pw@127.0.0.1:5432/callboard")');
  });

  it('should bracket IPv6 listen addresses', () => {
    const cfg = k.renderConfig({ ...base, listenIps: ['::1'] });
    expect(listens(cfg)[0]).toBe('listen=udp:[::1]:5060');
  });

  it('should write a tls.cfg naming the certificate and key', () => {
    const tls = k.renderTlsConfig({ certFile: certs.certFile, keyFile: certs.keyFile });
    expect(tls).toContain(`certificate = ${certs.certFile}`);
    expect(tls).toContain(`private_key = ${certs.keyFile}`);
    expect(() => k.renderTlsConfig({ certFile: '/nonexistent.pem', keyFile: certs.keyFile })).toThrow(/does not exist/);
    expect(readFileSync(certs.certFile, 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it.each([
    [{ listenIps: ['127.0.0.1";\nloadmodule "x'] }, /listen address/],
    [{ listenIps: [] }, /at least one/],
    [{ advertisedAddress: 'a b' }, /advertisedAddress/],
    [{ dbUrl: 'mysql://x@h/db' }, /postgres/],
    [{ dbUrl: 'postgres://u:p"w@h/db' }, /must not contain/],
    [{ dbUrl: 'postgres://u@h/' }, /name a database/],
    [{ tls: { certFile: '/x', keyFile: '/x' }, tlsPort: 70000 }, /tlsPort/],
    [{ authFailuresPerPair: 0 }, /authFailuresPerPair/],
  ])('should refuse %j', (options, message) => {
    expect(() => k.renderConfig({ ...base, ...options })).toThrow(message);
  });
});
