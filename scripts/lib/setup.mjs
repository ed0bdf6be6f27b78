// Shared by `npm start` and `npm test`: install what is missing, build what is stale.
// Only Node's standard library here: this runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

/** Debian packages the whole system uses: the SIP server, media relay, SIP tester, browser. */
export const DEBIAN_PACKAGES = [
  'kamailio',
  'kamailio-websocket-modules',
  'kamailio-extra-modules',
  'kamailio-json-modules',
  'kamailio-utils-modules',
  'kamailio-autheph-modules',
  'rtpengine-daemon',
  'sip-tester',
  'chromium',
];

function missingDebianPackages(packages) {
  return packages.filter((p) => {
    const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return res.status !== 0 || !res.stdout.includes('install ok installed');
  });
}

/** Installs missing Debian packages when we are root; otherwise says what is missing. */
export function ensureDebianPackages(packages = DEBIAN_PACKAGES) {
  if (!existsSync('/usr/bin/dpkg-query')) return packages;
  const missing = missingDebianPackages(packages);
  if (!missing.length) return [];
  if (!isRoot()) {
    log(`missing Debian packages (run as root to install): ${missing.join(' ')}`);
    return missing;
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
  // rtpengine's Debian service must not hold the ports of the project's own instance
  spawnSync('sh', ['-c', 'systemctl disable --now rtpengine-daemon 2>/dev/null; service rtpengine-daemon stop 2>/dev/null; pkill -x rtpengine 2>/dev/null; true']);
  return missingDebianPackages(packages);
}

/**
 * npm dependencies, when node_modules is missing or older than the lock. `npm install` (not
 * `npm ci`): it follows the lock, and npm 11 with this machine's settings refuses `npm ci` on a
 * lock that omits other platforms' optional binaries.
 */
export function ensureNodeModules() {
  const lock = join(ROOT, 'package-lock.json');
  const installed = join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies');
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
