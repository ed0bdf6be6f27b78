// `npm start`'s telephony: rtpengine (browser media, when rtpengine-daemon is installed), Kamailio
// (pbx-bridge/kamailio) and the PBX bridge (pbx-bridge/dist), started when Kamailio is installed. The demo trunk is 127.0.0.1, so sipp on this machine can
// call the demo sales line at once. Ports: env SIP_PORT, SIP_WS_PORT, EVAPI_PORT, KAMAILIO_RPC_PORT.
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { ROOT, STATE_DIR } from './setup.mjs';

export const DEMO_SALES_NUMBER = '+3612345678';
const REQUIRED_MODULES = ['websocket.so', 'evapi.so', 'http_client.so', 'auth_ephemeral.so', 'jansson.so', 'xhttp.so'];
const DEMO_SCENARIO = join(ROOT, 'pbx-bridge', 'kamailio', 'demo', 'demo-call.xml');

/** The settings npm start uses; the backend gets SIP_DOMAIN and SIP_WS_URL from the same env. */
export function telephonySettings(env = process.env) {
  const int = (v, d) => (v ? Number.parseInt(v, 10) : d);
  return {
    sipPort: int(env.SIP_PORT, 5060),
    wsPort: int(env.SIP_WS_PORT, 8088),
    evapiPort: int(env.EVAPI_PORT, 8448),
    rpcPort: int(env.KAMAILIO_RPC_PORT, 5071),
    rtpengine: {
      ngPort: int(env.RTPENGINE_NG_PORT, 22222),
      portMin: int(env.RTPENGINE_PORT_MIN, 30000),
      portMax: int(env.RTPENGINE_PORT_MAX, 30999),
      interfaceIp: env.RTPENGINE_INTERFACE ?? '127.0.0.1',
      runDir: join(STATE_DIR, '.run', 'rtpengine'),
    },
    sipDomain: env.SIP_DOMAIN ?? 'callboard.local',
    salesNumbers: [DEMO_SALES_NUMBER],
    trunkAddresses: ['127.0.0.1'],
    trunkOutbound: env.SIP_TRUNK_OUTBOUND ?? '127.0.0.1:5080',
    runDir: join(STATE_DIR, '.run', 'kamailio'),
    bridgeDataDir: join(STATE_DIR, '.data', 'pbx-bridge'),
  };
}

/** What is missing for telephony, or null when Kamailio and its modules are installed. */
async function missing() {
  const { KAMAILIO_BIN, MODULES_DIR } = await import('../../pbx-bridge/kamailio/kamailio.mjs');
  if (!existsSync(KAMAILIO_BIN)) return 'Kamailio is not installed';
  const absent = REQUIRED_MODULES.filter((m) => !existsSync(join(MODULES_DIR, m)));
  return absent.length ? `Kamailio modules missing (${absent.join(', ')})` : null;
}

function portFree(port, kind) {
  return new Promise((resolve) => {
    if (kind === 'udp') {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    } else {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    }
  });
}

async function checkPorts(s) {
  const wanted = [
    [s.sipPort, 'udp', 'SIP_PORT'],
    [s.sipPort, 'tcp', 'SIP_PORT'],
    [s.wsPort, 'tcp', 'SIP_WS_PORT'],
    [s.evapiPort, 'tcp', 'EVAPI_PORT'],
    [s.rpcPort, 'tcp', 'KAMAILIO_RPC_PORT'],
  ];
  if (s.withMedia) wanted.push([s.rtpengine.ngPort, 'udp', 'RTPENGINE_NG_PORT']);
  for (const [port, kind, name] of wanted) {
    if (!(await portFree(port, kind))) throw new Error(`${kind.toUpperCase()} port ${port} is in use: choose another with ${name}=...`);
  }
}

function startBridge(s, { backendUrl, secrets }) {
  mkdirSync(s.bridgeDataDir, { recursive: true });
  const logFile = join(s.runDir, 'pbx-bridge.log');
  const out = createWriteStream(logFile, { flags: 'a' });
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
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  let seen = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bridge did not reach Kamailio in 15 s (see ${logFile})`)), 15_000);
    const onData = (chunk) => {
      out.write(chunk);
      if (seen.length < 20_000) seen += chunk.toString();
      if (seen.includes('evapi hello')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the bridge exited with ${code}:\n${seen.slice(-2000)}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    out.end();
  };
  return { ready, stop, logFile };
}

/**
 * Starts Kamailio and the bridge for npm start. Returns { stop(), banner } ; when Kamailio is not
 * installed, a banner saying so (the CRM runs without telephony). Throws when a start fails.
 */
export async function startTelephony({ backendUrl, secrets, log }) {
  const why = await missing();
  if (why) {
    return {
      stop() {},
      banner: [
        `  Telephony: off — ${why} (run \`npm test\` as root once, or apt-get install kamailio kamailio-websocket-modules kamailio-extra-modules kamailio-json-modules kamailio-utils-modules kamailio-autheph-modules rtpengine-daemon sip-tester)`,
      ],
    };
  }
  const s = telephonySettings();
  const { RTPENGINE_BIN, startRtpengine } = await import('../../pbx-bridge/kamailio/rtpengine.mjs');
  s.withMedia = existsSync(RTPENGINE_BIN);
  await checkPorts(s);
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
      salesNumbers: s.salesNumbers,
      trunkAddresses: s.trunkAddresses,
      trunkOutbound: s.trunkOutbound,
      sipPort: s.sipPort,
      wsPort: s.wsPort,
      evapiPort: s.evapiPort,
      rpcPort: s.rpcPort,
      sipDomain: s.sipDomain,
    });
  } catch (err) {
    await rtpengine?.stop();
    throw err;
  }
  log(`Kamailio running (pid ${kamailio.pid}), log ${relative(ROOT, kamailio.logFile)}`);
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

  const hasSipp = spawnSync('sh', ['-c', 'command -v sipp'], { stdio: 'ignore' }).status === 0;
  const call = `sipp -sf ${relative(process.cwd(), DEMO_SCENARIO)} -s ${DEMO_SALES_NUMBER} -i 127.0.0.1 -m 1 127.0.0.1:${s.sipPort}`;
  return {
    async stop() {
      await bridge.stop();
      await kamailio.stop();
      await rtpengine?.stop();
    },
    banner: [
      '',
      `  Telephony: SIP ${s.sipDomain} on udp/tcp 127.0.0.1:${s.sipPort} (trunk, desk phones), WebSocket ws://localhost:${s.wsPort} (softphones)`,
      rtpengine
        ? `    Browser media through rtpengine (ng udp 127.0.0.1:${s.rtpengine.ngPort}, RTP ${s.rtpengine.interfaceIp}:${s.rtpengine.portMin}-${s.rtpengine.portMax})`
        : '    Browser media: off — rtpengine is not installed (apt-get install rtpengine-daemon): softphones ring but carry no audio to the trunk',
      `    Demo sales line ${DEMO_SALES_NUMBER}, trunk 127.0.0.1 (calls out go to ${s.trunkOutbound})`,
      `    Place a test call: ${call}${hasSipp ? '' : '   (apt-get install sip-tester)'}`,
    ],
  };
}
