// Runs rtpengine (Debian's rtpengine-daemon, userspace only) with a config file generated into a
// run folder - never the system one, which would bind 2223-2225 - and waits for an ng ping before
// resolving, so Kamailio (started after it) never marks it disabled. Usable from Node
// (startRtpengine, ngRequest) and from the shell (node rtpengine.mjs [start|ping]).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDaemon } from './daemon.mjs';

export const RTPENGINE_BIN = process.env.RTPENGINE_BIN ?? '/usr/bin/rtpengine';

export const RTPENGINE_DEFAULTS = Object.freeze({
  runDir: '',
  /** Address RTP is bound to and advertised in SDP. */
  interfaceIp: '127.0.0.1',
  /** ng control port (UDP), always on loopback. */
  ngPort: 22222,
  portMin: 30000,
  portMax: 30999,
  logLevel: 5,
  /** Seconds without RTP before a call is dropped (0 = rtpengine's default). */
  timeoutSec: 60,
  /** Seconds a deleted call is kept (its counters stay queryable). */
  deleteDelaySec: 5,
  threads: 2,
  logFile: '',
  echo: false,
  /**
   * Where calls are recorded (issue 16, ADR 0030): rtpengine writes each recorded stretch as a pcap
   * file plus a metadata file here (pcaps/, metadata/, tmp/); the backend's spool watcher turns
   * them into WAV files. Empty: no recording.
   */
  recordingDir: '',
});

// ---------- bencode (ng protocol) ----------
function bencode(v) {
  if (typeof v === 'number') return `i${Math.trunc(v)}e`;
  if (typeof v === 'string') return `${Buffer.byteLength(v)}:${v}`;
  if (Array.isArray(v)) return `l${v.map(bencode).join('')}e`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `d${keys.map((k) => bencode(k) + bencode(v[k])).join('')}e`;
  }
  throw new Error(`bencode: unsupported value ${v}`);
}

function bdecode(buf) {
  let i = 0;
  const read = () => {
    const c = String.fromCharCode(buf[i]);
    if (c === 'i') {
      const end = buf.indexOf(0x65, i);
      const n = Number(buf.subarray(i + 1, end).toString());
      i = end + 1;
      return n;
    }
    if (c === 'l') {
      i++;
      const out = [];
      while (buf[i] !== 0x65) out.push(read());
      i++;
      return out;
    }
    if (c === 'd') {
      i++;
      const out = {};
      while (buf[i] !== 0x65) {
        const k = read();
        out[k] = read();
      }
      i++;
      return out;
    }
    const colon = buf.indexOf(0x3a, i);
    const len = Number(buf.subarray(i, colon).toString());
    const s = buf.subarray(colon + 1, colon + 1 + len).toString('utf8');
    i = colon + 1 + len;
    return s;
  };
  return read();
}

/**
 * One ng request (bencoded over UDP) to rtpengine on loopback.
 * @param {number} port ng port
 * @param {Record<string, unknown>} message e.g. { command: 'ping' } or { command: 'query', 'call-id': id }
 * @returns {Promise<Record<string, any>>} the decoded reply
 */
export function ngRequest(port, message, timeoutMs = 1000) {
  const cookie = randomBytes(6).toString('hex');
  const sock = createSocket('udp4');
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      sock.close();
      rej(new Error(`rtpengine ng ${message.command}: no answer on ${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('message', (msg) => {
      const sp = msg.indexOf(0x20);
      if (msg.subarray(0, sp).toString() !== cookie) return;
      clearTimeout(timer);
      sock.close();
      try {
        res(bdecode(msg.subarray(sp + 1)));
      } catch (e) {
        rej(e);
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      sock.close();
      rej(e);
    });
    sock.send(`${cookie} ${bencode(message)}`, port, '127.0.0.1');
  });
}

export function renderRtpengineConfig(options) {
  const o = { ...RTPENGINE_DEFAULTS, ...options };
  for (const k of ['ngPort', 'portMin', 'portMax', 'logLevel', 'timeoutSec', 'deleteDelaySec', 'threads']) {
    if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`startRtpengine: ${k} must be a non-negative integer`);
  }
  if (o.portMin >= o.portMax) throw new Error('startRtpengine: portMin must be below portMax');
  if (!/^[0-9a-fA-F:.]+$/.test(o.interfaceIp)) throw new Error('startRtpengine: interfaceIp must be an IP address');
  if (o.recordingDir && !/^\/[^\n\r;#]+$/.test(o.recordingDir)) throw new Error('startRtpengine: recordingDir must be an absolute path');
  return [
    '[rtpengine]',
    // no kernel module on these hosts: userspace forwarding only
    'table = -1',
    `interface = ${o.interfaceIp}`,
    `listen-ng = 127.0.0.1:${o.ngPort}`,
    `port-min = ${o.portMin}`,
    `port-max = ${o.portMax}`,
    `timeout = ${o.timeoutSec}`,
    `delete-delay = ${o.deleteDelaySec}`,
    `num-threads = ${o.threads}`,
    `log-level = ${o.logLevel}`,
    'log-stderr = true',
    'foreground = true',
    // pcap: the only method that works without the kernel module (proc needs /proc/rtpengine), ADR 0030
    ...(o.recordingDir ? [`recording-dir = ${o.recordingDir}`, 'recording-method = pcap', 'recording-format = raw'] : []),
    '',
  ].join('\n');
}

/**
 * Starts rtpengine in the foreground as a child process with a config generated into options.runDir,
 * and resolves once it answers an ng ping.
 * @returns {Promise<{pid:number, ngPort:number, socket:string, cfgPath:string, logFile:string,
 *   ng:(message:object)=>Promise<object>, stop:()=>Promise<void>, exited:Promise<number|null>}>}
 */
export async function startRtpengine(options) {
  const o = { ...RTPENGINE_DEFAULTS, ...options };
  if (!o.runDir) throw new Error('startRtpengine: runDir is required');
  const runDir = resolve(o.runDir);
  mkdirSync(runDir, { recursive: true });
  if (o.recordingDir) mkdirSync(o.recordingDir, { recursive: true });
  const cfgPath = join(runDir, 'rtpengine.conf');
  writeFileSync(cfgPath, renderRtpengineConfig(o));
  const logFile = o.logFile || join(runDir, 'rtpengine.log');
  const daemon = await startDaemon({
    name: 'rtpengine',
    bin: RTPENGINE_BIN,
    args: ['--config-file', cfgPath, '--config-section', 'rtpengine', '--pidfile', join(runDir, 'rtpengine.pid')],
    logFile,
    echo: o.echo,
    ready: () => ngRequest(o.ngPort, { command: 'ping' }, 300).then((r) => r.result === 'pong'),
    timeoutMs: 10000,
    notReady: `rtpengine did not answer an ng ping on ${o.ngPort} within 10 s`,
  });
  const stop = () => daemon.stop('SIGTERM');
  return {
    pid: daemon.pid,
    ngPort: o.ngPort,
    /** What Kamailio's rtpengine module takes as rtpengine_sock. */
    socket: `udp:127.0.0.1:${o.ngPort}`,
    cfgPath,
    logFile,
    options: o,
    ng: (message) => ngRequest(o.ngPort, message),
    stop,
    exited: daemon.exited,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? 'start';
  const env = process.env;
  const int = (v) => (v ? Number.parseInt(v, 10) : undefined);
  const opts = Object.fromEntries(
    Object.entries({
      runDir: env.RTPENGINE_RUN_DIR ?? join(process.cwd(), '.run', 'rtpengine'),
      interfaceIp: env.RTPENGINE_INTERFACE,
      ngPort: int(env.RTPENGINE_NG_PORT),
      portMin: int(env.RTPENGINE_PORT_MIN),
      portMax: int(env.RTPENGINE_PORT_MAX),
      echo: env.RTPENGINE_ECHO === '1',
      recordingDir: env.RTPENGINE_RECORDING_DIR,
      ...(env.RTPENGINE_OPTIONS_JSON ? JSON.parse(env.RTPENGINE_OPTIONS_JSON) : {}),
    }).filter(([, v]) => v !== undefined && v !== ''),
  );
  if (cmd === 'ping') {
    console.log(JSON.stringify(await ngRequest(opts.ngPort ?? RTPENGINE_DEFAULTS.ngPort, { command: 'ping' })));
  } else {
    const r = await startRtpengine(opts);
    console.log(`rtpengine running (pid ${r.pid}), ng ${r.socket}, config ${r.cfgPath}, log ${r.logFile}`);
    const bye = () => r.stop().then(() => process.exit(0));
    process.on('SIGINT', bye);
    process.on('SIGTERM', bye);
    r.exited.then((code) => process.exit(code ?? 1));
  }
}
