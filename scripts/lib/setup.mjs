// Shared by `npm start` and `npm test`: install what is missing, build what is stale.
// Only Node's standard library here: this runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where .data (embedded PostgreSQL, secrets) and .run (daemon run folders) live: the checkout,
 * or CALLBOARD_STATE_DIR (the npm start smoke test runs a second instance in a folder of its own). */
export const STATE_DIR = process.env.CALLBOARD_STATE_DIR ? resolve(process.env.CALLBOARD_STATE_DIR) : ROOT;

export function log(message) {
  process.stdout.write(`[callboard] ${message}\n`);
}

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with ${res.status ?? res.signal}`);
  }
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * What the SIP server image (Dockerfile target `pbx`) installs: Kamailio with its WebSocket, TLS
 * and PostgreSQL modules (device accounts), and the media relay.
 */
export const SIP_SERVER_PACKAGES = Object.freeze([
  'kamailio',
  'kamailio-websocket-modules',
  'kamailio-extra-modules',
  'kamailio-json-modules',
  'kamailio-utils-modules',
  'kamailio-autheph-modules',
  'kamailio-tls-modules',
  'kamailio-postgres-modules',
  'rtpengine-daemon',
]);

/**
 * Debian packages `npm start` installs (one installer below): the SIP server's, sipp (the demo
 * call), baresip (a desk phone), certutil (browsers trust the local CA) and the browser the tests
 * drive.
 */
export const DEBIAN_PACKAGES = Object.freeze([
  ...SIP_SERVER_PACKAGES,
  'sip-tester',
  'baresip-core',
  'libnss3-tools',
  'chromium',
]);

/**
 * What `npm test` installs: the same, and the reverse proxy and docker-compose the deployment's
 * files are checked and run with (scripts/compose.spec.ts, the multi-node tests); a user's
 * `npm start` has no use for them.
 */
export const TEST_PACKAGES = Object.freeze([...DEBIAN_PACKAGES, 'haproxy', 'docker-compose']);

/** Debian services some of these packages start on install: npm start and the tests run their own instances. */
const DEBIAN_SERVICES = { kamailio: 'kamailio', 'rtpengine-daemon': 'rtpengine-daemon', haproxy: 'haproxy' };

/** The one line a user runs (as root) to install what is missing. */
export const aptInstallCommand = (packages) => `apt-get install -y --no-install-recommends ${packages.join(' ')}`;

function hasCommand(name, env) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { env, stdio: 'ignore' }).status === 0;
}

function missingDebianPackages(packages, env) {
  return packages.filter((p) => {
    const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8', env });
    return res.status !== 0 || !res.stdout.includes('install ok installed');
  });
}

/**
 * The one installer of Debian packages (`npm start` and `npm test`). As root it installs what is
 * missing; not as root, or with CALLBOARD_INSTALL_PACKAGES=never, it installs nothing and returns
 * the command to run. Never throws: a failed apt-get leaves the packages listed as missing.
 * @param {{ packages?: readonly string[], root?: boolean, env?: NodeJS.ProcessEnv }} [options]
 * @returns {{ debian: boolean, attempted: boolean, missing: string[], installed: string[], command: string | null }}
 */
export function ensureDebianPackages({ packages = DEBIAN_PACKAGES, root = isRoot(), env = process.env } = {}) {
  if (!hasCommand('dpkg-query', env)) return { debian: false, attempted: false, missing: [], installed: [], command: null };
  const missing = missingDebianPackages(packages, env);
  const result = (stillMissing, installed) => ({
    debian: true,
    attempted: installed !== null,
    missing: stillMissing,
    installed: installed ?? [],
    command: stillMissing.length ? aptInstallCommand(stillMissing) : null,
  });
  if (!missing.length) return result([], null);
  if (!root || env.CALLBOARD_INSTALL_PACKAGES === 'never') {
    log(`missing Debian packages; as root run: ${aptInstallCommand(missing)}`);
    return result(missing, null);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    run('apt-get', ['update', '-q'], { env: aptEnv });
    run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env: aptEnv });
  } catch (err) {
    log(`could not install Debian packages: ${err.message}`);
  }
  const stillMissing = missingDebianPackages(packages, env);
  const installed = missing.filter((p) => !stillMissing.includes(p));
  stopDebianServices(installed, env);
  return result(stillMissing, installed);
}

/** Banner lines for what ensureDebianPackages left missing: the one command to run, or nothing. */
export function installAdvice(packages) {
  if (!packages.missing.length) return [];
  return [
    packages.attempted
      ? `  Debian packages could not be installed (see the apt-get output above): ${packages.missing.join(' ')}`
      : `  Debian packages not installed: ${packages.missing.join(' ')}`,
    '  Telephony needs them. As root (or with sudo) run, then npm start again:',
    `    ${packages.command}`,
  ];
}

/** Debian starts kamailio and rtpengine as services on install: they would hold our ports. */
function stopDebianServices(installed, env) {
  for (const pkg of installed) {
    const service = DEBIAN_SERVICES[pkg];
    if (!service) continue;
    // by service name only (pid file): never another rtpengine or Kamailio running on this machine
    spawnSync('systemctl', ['disable', '--now', service], { env, stdio: 'ignore' });
    spawnSync('service', [service, 'stop'], { env, stdio: 'ignore' });
  }
}

/**
 * npm dependencies, when node_modules is missing or older than the lock. `npm ci` installs exactly
 * the lock and never rewrites it (a fresh clone keeps `git status` clean); `npm install` only when
 * `npm ci` refuses because package.json was edited and the lock no longer matches it.
 */
export function ensureNodeModules() {
  const lock = join(ROOT, 'package-lock.json');
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  process.stderr.write(ci.stderr ?? '');
  if (ci.status === 0) return;
  if (!/in sync/.test(ci.stderr ?? '')) throw new Error(`npm ci failed with ${ci.status ?? ci.signal}`);
  log('package.json was changed without its lock: running npm install, which updates package-lock.json');
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const WORKSPACES = ['contracts', 'backend', 'pbx-bridge', 'frontend'];

/** Builds each workspace whose sources changed since its last build (in dependency order). */
export function build({ force = false } = {}) {
  let upstreamChanged = false;
  for (const ws of WORKSPACES) {
    const dir = join(ROOT, ws);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const stamp = join(dir, 'dist', '.built');
    const stale = force || upstreamChanged || !existsSync(stamp) || newestMtime(dir) > statSync(stamp).mtimeMs;
    if (!stale) continue;
    log(`building ${ws}`);
    run('npm', ['run', 'build', '-w', ws, '--silent']);
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(stamp, new Date().toISOString());
    if (ws === 'contracts') upstreamChanged = true;
  }
}

/** Secrets generated once per checkout and kept in .data/ (never printed). */
export function localSecrets() {
  // .data itself stays traversable: embedded PostgreSQL runs as its own user below it.
  const dir = join(STATE_DIR, '.data');
  mkdirSync(dir, { recursive: true });
  // an earlier version's recordings folder made it 0750 (mkdir -p with a mode): open it again
  if ((statSync(dir).mode & 0o005) !== 0o005) chmodSync(dir, 0o755);
  const file = join(dir, 'secrets.json');
  const secrets = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const [key, bytes] of [['JWT_SECRET', 32], ['PBX_SERVICE_TOKEN', 24], ['SIP_SHARED_SECRET', 24], ['PG_PASSWORD', 18]]) {
    if (!secrets[key]) {
      secrets[key] = randomBytes(bytes).toString('base64url');
      changed = true;
    }
  }
  if (changed) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
