// `npm start`'s telephony: rtpengine (browser media, when rtpengine-daemon is installed), Kamailio
// (pbx-bridge/kamailio) and the PBX bridge (pbx-bridge/dist), started when Kamailio is installed.
// Kamailio listens on loopback and the LAN address (scripts/lib/network.mjs), rtpengine relays media
// on the LAN address. The demo trunk is 127.0.0.1, so sipp on this machine can call the demo sales
// line at once. Every port and list is a setting: see telephonySettings.
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { serverAddress } from './network.mjs';
import { ROOT, STATE_DIR } from './setup.mjs';

export const DEMO_SALES_NUMBER = '+3612345678';
// db_postgres: npm start always gives Kamailio the database (device accounts); tls only with TLS on
const REQUIRED_MODULES = ['websocket.so', 'evapi.so', 'http_client.so', 'auth_ephemeral.so', 'jansson.so', 'xhttp.so', 'db_postgres.so'];
const DEMO_SCENARIO = join(ROOT, 'pbx-bridge', 'kamailio', 'demo', 'demo-call.xml');

/** Where recordings live (the backend's RECORDINGS_DIR, same default). */
export const recordingsDir = (env = process.env) => (env.RECORDINGS_DIR ? resolve(env.RECORDINGS_DIR) : join(STATE_DIR, '.data', 'recordings'));

const list = (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

/**
 * The settings npm start uses, from the environment: ports (SIP_PORT, SIP_TLS_PORT, SIP_WS_PORT,
 * SIP_WSS_PORT, EVAPI_PORT, KAMAILIO_RPC_PORT, RTPENGINE_*), the LAN address (CALLBOARD_ADDRESS or
 * detected), SIP_TRUNK_ADDRESSES (127.0.0.1), SIP_SALES_NUMBERS (the demo line), SIP_TRUNK_OUTBOUND.
 * The backend gets its SIP_* ports and SIP_RPC_URL from the same object.
 */
export function telephonySettings(env = process.env) {
  const int = (v, d) => (v ? Number.parseInt(v, 10) : d);
  const lan = serverAddress(env);
  const rpcPort = int(env.KAMAILIO_RPC_PORT, 5071);
  return {
    lan,
    listenIps: [...new Set(['127.0.0.1', lan.address])],
    sipPort: int(env.SIP_PORT, 5060),
    tlsPort: int(env.SIP_TLS_PORT, 5061),
    wsPort: int(env.SIP_WS_PORT, 8088),
    wssPort: int(env.SIP_WSS_PORT, 8089),
    evapiPort: int(env.EVAPI_PORT, 8448),
    rpcPort,
    rpcUrl: `http://127.0.0.1:${rpcPort}/RPC`,
    rtpengine: {
      ngPort: int(env.RTPENGINE_NG_PORT, 22222),
      portMin: int(env.RTPENGINE_PORT_MIN, 30000),
      portMax: int(env.RTPENGINE_PORT_MAX, 30999),
      interfaceIp: env.RTPENGINE_INTERFACE || lan.address,
      runDir: join(STATE_DIR, '.run', 'rtpengine'),
      // rtpengine's pcap stretches of recorded calls; the backend's spool watcher turns them into
      // WAV files beside them (issue 16, ADR 0030): always RECORDINGS_DIR/spool
      recordingDir: join(recordingsDir(env), 'spool'),
    },
    sipDomain: env.SIP_DOMAIN ?? 'callboard.local',
    salesNumbers: list(env.SIP_SALES_NUMBERS) ?? [DEMO_SALES_NUMBER],
    trunkAddresses: list(env.SIP_TRUNK_ADDRESSES) ?? ['127.0.0.1'],
    trunkOutbound: env.SIP_TRUNK_OUTBOUND ?? '127.0.0.1:5080',
    runDir: join(STATE_DIR, '.run', 'kamailio'),
    bridgeDataDir: join(STATE_DIR, '.data', 'pbx-bridge'),
  };
}

// The starter turns any postgres URL into the form db_postgres reads (scheme, no query string).
export { kamailioDbUrl } from '../../pbx-bridge/kamailio/kamailio.mjs';

/** Why telephony cannot start (Kamailio or a module it loads is not installed), or null. */
export async function whyTelephonyOff({ tls = false } = {}) {
  const { KAMAILIO_BIN, MODULES_DIR } = await import('../../pbx-bridge/kamailio/kamailio.mjs');
  if (!existsSync(KAMAILIO_BIN)) return 'Kamailio is not installed';
  const absent = [...REQUIRED_MODULES, ...(tls ? ['tls.so'] : [])].filter((m) => !existsSync(join(MODULES_DIR, m)));
  return absent.length ? `Kamailio modules missing (${absent.join(', ')})` : null;
}

function portFree(port, kind, ip) {
  return new Promise((resolve) => {
    if (kind === 'udp') {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, ip, () => s.close(() => resolve(true)));
    } else {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, ip, () => s.close(() => resolve(true)));
    }
  });
}

async function checkPorts(s, { tls }) {
  const onEveryAddress = [
    [s.sipPort, 'udp', 'SIP_PORT'],
    [s.sipPort, 'tcp', 'SIP_PORT'],
    [s.wsPort, 'tcp', 'SIP_WS_PORT'],
    ...(tls ? [[s.tlsPort, 'tcp', 'SIP_TLS_PORT'], [s.wssPort, 'tcp', 'SIP_WSS_PORT']] : []),
  ];
  const wanted = [
    ...s.listenIps.flatMap((ip) => onEveryAddress.map(([port, kind, name]) => [port, kind, name, ip])),
    [s.evapiPort, 'tcp', 'EVAPI_PORT', '127.0.0.1'],
    [s.rpcPort, 'tcp', 'KAMAILIO_RPC_PORT', '127.0.0.1'],
  ];
  if (s.withMedia) wanted.push([s.rtpengine.ngPort, 'udp', 'RTPENGINE_NG_PORT', '127.0.0.1']);
  for (const [port, kind, name, ip] of wanted) {
    if (!(await portFree(port, kind, ip))) throw new Error(`${kind.toUpperCase()} port ${ip}:${port} is in use: choose another with ${name}=...`);
  }
}

function startBridge(s, { backendUrl, secrets }) {
  mkdirSync(s.bridgeDataDir, { recursive: true });
  const logFile = join(s.runDir, 'pbx-bridge.log');
  // The bridge writes its log to the file itself (one line per call event): copying it through a
  // pipe here cost this process CPU in every call burst. Readiness is read back from the file.
  const fd = openSync(logFile, 'a');
  const from = fstatSync(fd).size;
  const child = spawn(process.execPath, [join(ROOT, 'pbx-bridge', 'dist', 'main.js')], {
    env: {
      ...process.env,
      BACKEND_URL: backendUrl,
      PBX_SERVICE_TOKEN: secrets.PBX_SERVICE_TOKEN,
      EVAPI_HOST: '127.0.0.1',
      EVAPI_PORT: String(s.evapiPort),
      KAMAILIO_RPC_URL: `http://127.0.0.1:${s.rpcPort}/RPC`,
      BRIDGE_DATA_DIR: s.bridgeDataDir,
    },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  /** What the bridge wrote since this start (up to 20 kB). */
  const written = () => {
    const log = openSync(logFile, 'r');
    try {
      const buf = Buffer.alloc(20_000);
      return buf.subarray(0, readSync(log, buf, 0, buf.length, from)).toString();
    } finally {
      closeSync(log);
    }
  };
  const ready = new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the bridge did not reach Kamailio in 15 s (see ${logFile})`));
    }, 15_000);
    const poll = setInterval(() => {
      if (written().includes('evapi hello')) {
        done();
        resolve();
      }
    }, 50);
    exited.then((code) => {
      done();
      reject(new Error(`the bridge exited with ${code}:\n${written().slice(-2000)}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  return { ready, stop, logFile };
}

/**
 * Starts rtpengine, Kamailio and the bridge for npm start with `settings` (telephonySettings).
 * `dbUrl`: the database Kamailio reads device accounts from; `tls`: { certFile, keyFile } or null.
 * Returns { stop(), banner }. Call whyTelephonyOff() first. Throws when a start fails.
 */
export async function startTelephony({ settings: s, backendUrl, secrets, log, dbUrl = '', tls = null }) {
  const { RTPENGINE_BIN, startRtpengine } = await import('../../pbx-bridge/kamailio/rtpengine.mjs');
  s.withMedia = existsSync(RTPENGINE_BIN);
  await checkPorts(s, { tls });
  const { startKamailio } = await import('../../pbx-bridge/kamailio/kamailio.mjs');
  mkdirSync(s.runDir, { recursive: true });
  // rtpengine first: Kamailio pings it at start and disables it for a minute if it is not there.
  const rtpengine = s.withMedia ? await startRtpengine(s.rtpengine) : null;
  if (rtpengine) log(`rtpengine running (pid ${rtpengine.pid}), media on ${s.rtpengine.interfaceIp}:${s.rtpengine.portMin}-${s.rtpengine.portMax}, log ${relative(ROOT, rtpengine.logFile)}`);
  let kamailio;
  try {
    kamailio = await startKamailio({
      rtpengineSocket: rtpengine?.socket ?? '',
      runDir: s.runDir,
      sharedSecret: secrets.SIP_SHARED_SECRET,
      serviceToken: secrets.PBX_SERVICE_TOKEN,
      backendUrl,
      dbUrl,
      listenIps: s.listenIps,
      tls,
      salesNumbers: s.salesNumbers,
      trunkAddresses: s.trunkAddresses,
      trunkOutbound: s.trunkOutbound,
      sipPort: s.sipPort,
      tlsPort: s.tlsPort,
      wsPort: s.wsPort,
      wssPort: s.wssPort,
      evapiPort: s.evapiPort,
      rpcPort: s.rpcPort,
      sipDomain: s.sipDomain,
    });
  } catch (err) {
    await rtpengine?.stop();
    throw err;
  }
  log(`Kamailio running (pid ${kamailio.pid}) on ${s.listenIps.join(', ')}, log ${relative(ROOT, kamailio.logFile)}`);
  const bridge = startBridge(s, { backendUrl, secrets });
  try {
    await bridge.ready;
  } catch (err) {
    await bridge.stop();
    await kamailio.stop();
    await rtpengine?.stop();
    throw err;
  }
  log(`pbx-bridge connected to Kamailio, log ${relative(ROOT, bridge.logFile)}`);

  return {
    async stop() {
      await bridge.stop();
      await kamailio.stop();
      await rtpengine?.stop();
    },
    banner: telephonyBanner(s, { tls, withMedia: Boolean(rtpengine) }),
  };
}

function telephonyBanner(s, { tls, withMedia }) {
  const addresses = s.listenIps.join(' and ');
  const salesNumber = s.salesNumbers[0];
  const hasSipp = spawnSync('sh', ['-c', 'command -v sipp'], { stdio: 'ignore' }).status === 0;
  const call = `sipp -sf ${relative(process.cwd(), DEMO_SCENARIO)} -s ${salesNumber} -i 127.0.0.1 -m 1 127.0.0.1:${s.sipPort}`;
  return [
    '',
    `  Telephony: SIP ${s.sipDomain} on ${addresses}: udp/tcp ${s.sipPort}${tls ? `, tls ${s.tlsPort}` : ''} (trunk, desk phones)`,
    `    Softphones: ${tls ? `wss ${s.wssPort} (other machines), ` : ''}ws ${s.wsPort}${tls ? ' (this machine)' : ''}`,
    withMedia
      ? `    Browser media through rtpengine (ng udp 127.0.0.1:${s.rtpengine.ngPort}, RTP ${s.rtpengine.interfaceIp}:${s.rtpengine.portMin}-${s.rtpengine.portMax})`
      : '    Browser media: off — rtpengine is not installed: softphones ring but carry no audio to the trunk',
    `    Sales lines ${s.salesNumbers.join(', ')}; calls accepted from the trunk at ${s.trunkAddresses.join(', ')}; calls out go to ${s.trunkOutbound}`,
    s.trunkAddresses.includes('127.0.0.1')
      ? `    Place a test call: ${call}${hasSipp ? '' : '   (apt-get install sip-tester)'}`
      : '    (the trunk is not 127.0.0.1: test calls come from your carrier)',
  ];
}
