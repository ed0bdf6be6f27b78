// Renders kamailio.cfg.tpl into a run folder and runs Kamailio in the foreground (-DD -E) as a
// child process. Usable from Node (startKamailio) and from the shell (node kamailio.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDaemon } from './daemon.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const TEMPLATE = join(HERE, 'kamailio.cfg.tpl');

export const KAMAILIO_BIN = process.env.KAMAILIO_BIN ?? '/usr/sbin/kamailio';
export const MODULES_DIR = process.env.KAMAILIO_MODULES_DIR ?? '/usr/lib/x86_64-linux-gnu/kamailio/modules/';

/** Defaults: trunk on SIP UDP/TCP 5060, browsers on SIP over WebSocket 8088. */
export const DEFAULTS = Object.freeze({
  /** Every address SIP, WS (and with `tls`, SIP over TLS and WSS) listen on. `listenIp` = one-element alias. */
  listenIps: ['127.0.0.1'],
  advertisedAddress: '',
  sipPort: 5060,
  wsPort: 8088,
  /** `{ certFile, keyFile }` (PEM): SIP over TLS on tlsPort and WSS on wssPort; null = no TLS. */
  tls: null,
  tlsPort: 5061,
  wssPort: 8089,
  /**
   * postgres://user@host:port/db: desk-phone accounts (view sip_device_credentials), registration
   * facts written back to sip_devices, users.active checked for ephemeral credentials, blocks
   * recorded in sip_auth_blocks. '' = none of that (the CRM-stub telephony specs).
   */
  dbUrl: '',
  /** REGISTER/INVITE authentication failures before a block, and how long a block lasts. */
  authFailuresPerPair: 10,
  authFailuresPerAddress: 50,
  authBlockSec: 900,
  evapiPort: 8448,
  rpcPort: 5071,
  sipDomain: 'callboard.local',
  backendUrl: 'http://127.0.0.1:3000',
  serviceToken: '',
  sharedSecret: '',
  trunkAddresses: ['127.0.0.1'],
  trunkOutbound: '127.0.0.1:5080',
  salesNumbers: [],
  extensionRegex: '^[0-9]{2,6}$',
  externalRegex: '^\\+?[0-9]{7,20}$',
  runDir: '',
  children: 4,
  debugLevel: 1, // NOTICE: INFO would print the auth_ephemeral secret at start-up
  noAnswerSec: 60,
  maxInviteLifetimeSec: 180,
  dialogTimeoutSec: 4 * 3600,
  /**
   * Dead endpoints (ADR 0016). In-dialog OPTIONS to every phone's leg (not the trunk's) every
   * dialogKeepaliveSec (Kamailio's minimum is 30); a 408/481 ends the call 10 s later: a desk phone
   * that vanished is gone within dialogKeepaliveSec + 5 s (transaction timeout) + 10 s.
   */
  dialogKeepaliveSec: 30,
  /** A WebSocket idle this long gets a Ping; no Pong in as long again closes it (and ends its calls). */
  wsKeepaliveSec: 5,
  routingTimeoutSec: 1,
  /** How long a suspended INVITE waits for the bridge's routing relay before ringing everyone (ms). */
  routingTimeoutMs: 1000,
  crmBreakerSec: 10,
  outboxTtlSec: 600,
  maxReplay: 20000,
  maxNameBytes: 2048,
  limitPerSocket: 60,
  limitPerIp: 1000,
  limitPerUser: 40,
  logFile: '',
  echo: false,
  /**
   * rtpengine ng socket (e.g. 'udp:127.0.0.1:23990', see rtpengine.mjs); empty = no media relay.
   * Several instances (ADR 0039): an array, or one string separated by spaces or commas, each
   * optionally with `=weight` ('udp:10.0.0.5:22222=1 udp:10.0.0.6:22222=2'): one set, a call stays
   * on the instance its Call-ID hashes to.
   */
  rtpengineSocket: '',
});

/**
 * A pseudo-variable for log prefixes: its first `max` bytes, every byte outside printable ASCII (and
 * " \\) as "?". re.subst compiles with REG_NEWLINE, where [^...] never matches a line feed: hence
 * the explicit "\n" (the config's string escape for one).
 */
const SAFE_LOG = (pv, max) => `$(${pv}{s.substr,0,${max}}{re.subst,/[^]-~ -!#-[]|\\n/?/g})`;
const kamString = (s) => String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const isIp = (s) => /^[0-9a-fA-F:.]+$/.test(s);
const isLoopback = (ip) => ip === '::1' || ip.startsWith('127.');
const hostPart = (ip) => (ip.includes(':') ? `[${ip}]` : ip);
const isPort = (n) => Number.isInteger(n) && n > 0 && n < 65536;

/** The listen addresses: `listenIps`, or the older single `listenIp`. */
export function listenAddresses(o) {
  const ips = o.listenIp && (!o.listenIps || o.listenIps === DEFAULTS.listenIps) ? [o.listenIp] : o.listenIps;
  if (!Array.isArray(ips) || ips.length === 0) throw new Error('startKamailio: listenIps must name at least one address');
  for (const ip of ips) if (!isIp(ip)) throw new Error(`startKamailio: bad listen address ${ip}`);
  return [...new Set(ips)];
}

/** Kamailio's db_postgres wants postgres://user[:password]@host[:port]/db, nothing after the name. */
export function kamailioDbUrl(url) {
  if (!url) return '';
  const u = new URL(url);
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new Error('startKamailio: dbUrl must be a postgres:// URL');
  const db = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(db)) throw new Error('startKamailio: dbUrl must name a database');
  const user = decodeURIComponent(u.username || 'postgres');
  const pass = decodeURIComponent(u.password);
  for (const part of [user, pass, u.hostname]) {
    if (/[\s"\\@/:]/.test(part)) throw new Error('startKamailio: dbUrl user, password and host must not contain quotes, spaces, @, / or :');
  }
  return `postgres://${user}${pass ? `:${pass}` : ''}@${u.hostname}${u.port ? `:${u.port}` : ''}/${db}`;
}

/** tls.cfg for Kamailio's tls module: our certificate for every TLS listener; no client certificates. */
export function renderTlsConfig(tls) {
  for (const k of ['certFile', 'keyFile']) {
    if (!tls[k] || /[\r\n]/.test(tls[k])) throw new Error(`startKamailio: tls.${k} is required`);
    if (!existsSync(tls[k])) throw new Error(`startKamailio: tls.${k} ${tls[k]} does not exist`);
  }
  return [
    '# Generated by kamailio.mjs: one certificate for SIP over TLS and WSS.',
    '[server:default]',
    'method = TLSv1.2+',
    'verify_certificate = no',
    'require_certificate = no',
    `certificate = ${resolve(tls.certFile)}`,
    `private_key = ${resolve(tls.keyFile)}`,
    '',
    '[client:default]',
    'method = TLSv1.2+',
    'verify_certificate = no',
    'require_certificate = no',
    '',
  ].join('\n');
}

/** listen= lines: SIP UDP/TCP and WS on every address; with TLS also SIP over TLS and WSS. */
function listenLines(o, ips) {
  const allLoopback = ips.every(isLoopback);
  const lines = [];
  for (const ip of ips) {
    // advertise the address other machines use on the LAN sockets (and on loopback only when
    // nothing else listens, as before), never on loopback next to a LAN address
    const adv = o.advertisedAddress && (allLoopback || !isLoopback(ip)) ? ` advertise ${hostPart(o.advertisedAddress)}` : '';
    const h = hostPart(ip);
    lines.push(`listen=udp:${h}:${o.sipPort}${adv}`, `listen=tcp:${h}:${o.sipPort}${adv}`, `listen=tcp:${h}:${o.wsPort}${adv}`);
    if (o.tls) lines.push(`listen=tls:${h}:${o.tlsPort}${adv}`, `listen=tls:${h}:${o.wssPort}${adv}`);
  }
  return lines.join('\n');
}
const isNumber = (s) => /^\+?[0-9*#]{1,32}$/.test(s);

const RTPENGINE_SOCKET_ERROR =
  'startKamailio: rtpengineSocket must look like udp:127.0.0.1:22222 (several: separated by spaces or commas, each optionally =weight from 1 to 100)';

/**
 * The rtpengine ng sockets of `rtpengineSocket`: a string (one socket, or several separated by
 * spaces or commas) or an array, each `udp:host:port` or `udp6:host:port`, optionally `=weight`.
 * @returns {{ socket: string, weight: number | null }[]} in the order given; [] = no rtpengine
 */
export function rtpengineSockets(value) {
  const items = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,]+/)).map((s) => s.trim()).filter(Boolean);
  const out = [];
  for (const item of items) {
    const m = /^(udp6?:[0-9A-Za-z.:[\]-]+:[0-9]+)(?:=([0-9]{1,3}))?$/.exec(item);
    const weight = m?.[2] === undefined ? null : Number(m[2]);
    if (!m || (weight !== null && (weight < 1 || weight > 100))) throw new Error(RTPENGINE_SOCKET_ERROR);
    if (out.some((o) => o.socket === m[1])) throw new Error(`startKamailio: rtpengineSocket names ${m[1]} twice`);
    out.push({ socket: m[1], weight });
  }
  return out;
}

/**
 * The rtpengine module's rtpengine_sock: one socket as it is; several as one set (set 0) with a
 * weight each (1 where none is given), e.g. "udp:127.0.0.1:22222=1 udp:127.0.0.1:22223=2".
 */
export function renderRtpengineSock(sockets) {
  if (sockets.length === 1) return sockets[0].socket;
  return sockets.map((s) => `${s.socket}=${s.weight ?? 1}`).join(' ');
}

/** Fills the template. Throws on values that could break out of the config syntax. */
export function renderConfig(options) {
  const o = { ...DEFAULTS, ...options };
  for (const k of ['serviceToken', 'sharedSecret']) {
    if (!o[k]) throw new Error(`startKamailio: ${k} is required`);
    if (/[\r\n"\\]/.test(o[k])) throw new Error(`startKamailio: ${k} must not contain quotes, backslashes or newlines`);
  }
  if (!/^https?:\/\/[^\s"]+$/.test(o.backendUrl)) throw new Error('startKamailio: backendUrl must be an http(s) URL');
  for (const ip of o.trunkAddresses) if (!isIp(ip)) throw new Error(`startKamailio: bad trunk address ${ip}`);
  for (const n of o.salesNumbers) if (!isNumber(n)) throw new Error(`startKamailio: bad sales number ${n}`);
  if (!/^[A-Za-z0-9.-]+$/.test(o.sipDomain)) throw new Error('startKamailio: bad sipDomain');
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(o.trunkOutbound)) throw new Error('startKamailio: bad trunkOutbound');
  const rtpengines = rtpengineSockets(o.rtpengineSocket);
  const ips = listenAddresses(o);
  if (o.advertisedAddress && !/^[A-Za-z0-9.:-]+$/.test(o.advertisedAddress)) throw new Error('startKamailio: bad advertisedAddress');
  for (const k of ['sipPort', 'wsPort', 'rpcPort', 'evapiPort', ...(o.tls ? ['tlsPort', 'wssPort'] : [])]) {
    if (!isPort(o[k])) throw new Error(`startKamailio: bad ${k} ${o[k]}`);
  }
  if (!Number.isInteger(o.dialogKeepaliveSec) || o.dialogKeepaliveSec < 30 || o.dialogKeepaliveSec > 3600) {
    throw new Error('startKamailio: dialogKeepaliveSec must be an integer from 30 to 3600 (the dialog module refuses less)');
  }
  if (!Number.isInteger(o.wsKeepaliveSec) || o.wsKeepaliveSec < 1 || o.wsKeepaliveSec > 3600) {
    throw new Error('startKamailio: wsKeepaliveSec must be an integer from 1 to 3600');
  }
  if (!Number.isInteger(o.routingTimeoutMs) || o.routingTimeoutMs < 100 || o.routingTimeoutMs > 10000) {
    throw new Error('startKamailio: routingTimeoutMs must be an integer from 100 to 10000');
  }
  for (const k of ['authFailuresPerPair', 'authFailuresPerAddress', 'authBlockSec']) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new Error(`startKamailio: ${k} must be a positive integer`);
  }
  const dbUrl = kamailioDbUrl(o.dbUrl);

  const salesKeys = new Set();
  for (const n of o.salesNumbers) {
    salesKeys.add(n);
    salesKeys.add(n.startsWith('+') ? n.slice(1) : `+${n}`);
  }
  const values = {
    DEBUG_LEVEL: o.debugLevel,
    // the prefix is not escaped by the json log engine: capped, printable ASCII without " and \ only
    LOG_PREFIX: `{$mt ${SAFE_LOG('hdr(CSeq)', 40)} ${SAFE_LOG('ci', 100)}} `,
    CHILDREN: o.children,
    LISTEN: listenLines(o, ips),
    SIP_PORT: o.sipPort,
    WS_PORT: o.wsPort,
    TLS_DEFINE: o.tls ? '#!define WITH_TLS' : '',
    TLS_PORT: o.tlsPort,
    WSS_PORT: o.wssPort,
    TLS_CFG: o.runDir ? join(resolve(o.runDir), 'tls.cfg') : 'tls.cfg',
    DB_DEFINE: dbUrl ? '#!define WITH_DB' : '',
    DB_URL: dbUrl,
    FAILS_PER_PAIR: o.authFailuresPerPair,
    FAILS_PER_ADDRESS: o.authFailuresPerAddress,
    AUTH_BLOCK_SEC: o.authBlockSec,
    RPC_PORT: o.rpcPort,
    EVAPI_PORT: o.evapiPort,
    SIP_DOMAIN: o.sipDomain,
    MODULES_DIR: MODULES_DIR,
    NO_ANSWER_MS: o.noAnswerSec * 1000,
    MAX_INV_LIFETIME_MS: o.maxInviteLifetimeSec * 1000,
    DIALOG_TIMEOUT_SEC: o.dialogTimeoutSec,
    DIALOG_KA_SEC: o.dialogKeepaliveSec,
    WS_KEEPALIVE_SEC: o.wsKeepaliveSec,
    SHARED_SECRET: kamString(o.sharedSecret),
    SERVICE_TOKEN: kamString(o.serviceToken),
    BACKEND_URL: kamString(o.backendUrl.replace(/\/+$/, '')),
    OUTBOX_TTL: o.outboxTtlSec,
    MAX_REPLAY: o.maxReplay,
    MAX_NAME_BYTES: o.maxNameBytes,
    CRM_BREAKER_SEC: o.crmBreakerSec,
    ROUTING_TIMEOUT_SEC: o.routingTimeoutSec,
    ROUTING_TIMEOUT_MS: o.routingTimeoutMs,
    LIMIT_PER_SOCKET: o.limitPerSocket,
    LIMIT_PER_IP: o.limitPerIp,
    LIMIT_PER_USER: o.limitPerUser,
    EXTENSION_REGEX: kamString(o.extensionRegex),
    EXTERNAL_REGEX: kamString(o.externalRegex),
    TRUNK_OUT: o.trunkOutbound,
    TRUNK_INIT: o.trunkAddresses.map((ip) => `\t$sht(trunk=>${ip}) = 1;`).join('\n'),
    RTPENGINE_DEFINE: rtpengines.length ? '#!define WITH_RTPENGINE' : '',
    RTPENGINE_SOCK: rtpengines.length ? renderRtpengineSock(rtpengines) : '',
    SALES_INIT: [...salesKeys].map((n) => `\t$sht(sales=>${n}) = 1;`).join('\n'),
  };
  const tpl = readFileSync(TEMPLATE, 'utf8');
  return tpl.replace(/\{\{([A-Z_]+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`kamailio.cfg.tpl: unknown placeholder ${name}`);
    return String(values[name]);
  });
}

/** Runs `kamailio -c` on a rendered config; throws with Kamailio's output when it is invalid. */
export function checkConfig(cfgPath) {
  const r = spawnSync(KAMAILIO_BIN, ['-c', '-f', cfgPath], { encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`kamailio -c failed for ${cfgPath}:\n${(r.stderr || '') + (r.stdout || '')}`);
  }
}

/** JSON-RPC call against Kamailio's jsonrpcs (HTTP transport). */
export function rpc(rpcPort, method, params = [], timeoutMs = 2000) {
  const body = JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 });
  return new Promise((resolveRpc, reject) => {
    const req = request(
      { host: '127.0.0.1', port: rpcPort, path: '/RPC', method: 'POST', timeout: timeoutMs, agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          try {
            const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (json.error) reject(new Error(`${method}: ${json.error.message ?? JSON.stringify(json.error)}`));
            else resolveRpc(json.result);
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method}: timeout`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Starts Kamailio with a config generated into options.runDir.
 * @returns {Promise<{pid:number, cfgPath:string, logFile:string, rpcPort:number, options:object,
 *   rpc:(method:string, params?:unknown[])=>Promise<unknown>, stop:()=>Promise<void>, exited:Promise<number|null>}>}
 */
export async function startKamailio(options) {
  const o = { ...DEFAULTS, ...options };
  if (!o.runDir) throw new Error('startKamailio: runDir is required');
  const runDir = resolve(o.runDir);
  mkdirSync(runDir, { recursive: true });
  const cfgPath = join(runDir, 'kamailio.cfg');
  if (o.tls) writeFileSync(join(runDir, 'tls.cfg'), renderTlsConfig(o.tls), { mode: 0o600 });
  writeFileSync(cfgPath, renderConfig({ ...o, runDir }), { mode: 0o600 });
  checkConfig(cfgPath);

  const logFile = o.logFile || join(runDir, 'kamailio.log');
  const pidFile = join(runDir, 'kamailio.pid');
  const daemon = await startDaemon({
    name: 'kamailio',
    bin: KAMAILIO_BIN,
    // --log-engine=json:M: one JSON object per log line. The core quotes malformed messages (CR, LF,
    // NUL, any byte) in its parse errors; as plain text they split lines and could forge new ones.
    args: ['-DD', '-E', '--log-engine=json:M', '-f', cfgPath, '-P', pidFile, '-Y', runDir, '-m', '128', '-M', '16'],
    logFile,
    echo: o.echo,
    ready: () => rpc(o.rpcPort, 'core.uptime', [], 500).then(() => true),
    timeoutMs: 15000,
    notReady: `kamailio did not answer JSON-RPC on ${o.rpcPort} within 15 s`,
  });
  const { exited, stop } = daemon;
  return {
    pid: daemon.pid,
    cfgPath,
    logFile,
    rpcPort: o.rpcPort,
    options: o,
    rpc: (method, params) => rpc(o.rpcPort, method, params),
    stop,
    exited,
  };
}

function fromEnv(env) {
  const list = (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
  const int = (v) => (v ? Number.parseInt(v, 10) : undefined);
  const o = {
    listenIps: list(env.SIP_LISTEN_IPS ?? env.SIP_LISTEN_IP),
    advertisedAddress: env.SIP_ADVERTISED_ADDRESS,
    sipPort: int(env.SIP_PORT),
    wsPort: int(env.SIP_WS_PORT),
    tlsPort: int(env.SIP_TLS_PORT),
    wssPort: int(env.SIP_WSS_PORT),
    tls: env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE } : undefined,
    dbUrl: env.KAMAILIO_DB_URL,
    evapiPort: int(env.EVAPI_PORT),
    rpcPort: int(env.KAMAILIO_RPC_PORT),
    sipDomain: env.SIP_DOMAIN,
    backendUrl: env.BACKEND_URL,
    serviceToken: env.PBX_SERVICE_TOKEN,
    sharedSecret: env.SIP_SHARED_SECRET,
    trunkAddresses: list(env.SIP_TRUNK_ADDRESSES),
    trunkOutbound: env.SIP_TRUNK_OUTBOUND,
    salesNumbers: list(env.SIP_SALES_NUMBERS),
    rtpengineSocket: env.RTPENGINE_SOCKET,
    runDir: env.KAMAILIO_RUN_DIR ?? join(process.cwd(), '.run', 'kamailio'),
    echo: env.KAMAILIO_ECHO !== '0',
  };
  // KAMAILIO_OPTIONS_JSON: every option at once (used by the test helpers)
  const json = env.KAMAILIO_OPTIONS_JSON ? JSON.parse(env.KAMAILIO_OPTIONS_JSON) : {};
  return { ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')), ...json };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? 'start';
  const opts = fromEnv(process.env);
  if (cmd === 'render') {
    process.stdout.write(renderConfig(opts));
  } else if (cmd === 'check') {
    mkdirSync(opts.runDir, { recursive: true });
    const p = join(opts.runDir, 'kamailio.cfg');
    if (opts.tls) writeFileSync(join(opts.runDir, 'tls.cfg'), renderTlsConfig(opts.tls), { mode: 0o600 });
    writeFileSync(p, renderConfig(opts), { mode: 0o600 });
    checkConfig(p);
    console.log(`config OK: ${p}`);
  } else {
    const k = await startKamailio(opts);
    console.log(`kamailio running (pid ${k.pid}), config ${k.cfgPath}, log ${k.logFile}`);
    const bye = () => k.stop().then(() => process.exit(0));
    process.on('SIGINT', bye);
    process.on('SIGTERM', bye);
    k.exited.then((code) => { if (existsSync(k.cfgPath)) console.log(`kamailio exited (${code})`); process.exit(code ?? 1); });
  }
}
