import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DebianShims } from '../../test/support/debian-shims';

// The one installer `npm start` and `npm test` share (scripts/lib/setup.mjs), run in a real Node
// process against dpkg-query/apt-get/systemctl/service stand-ins first on PATH: nothing is
// installed on the machine, every call is recorded.

const SETUP = join(__dirname, 'setup.mjs');

const FULL_LIST = [
  'kamailio',
  'kamailio-websocket-modules',
  'kamailio-extra-modules',
  'kamailio-json-modules',
  'kamailio-utils-modules',
  'kamailio-autheph-modules',
  'kamailio-tls-modules',
  'kamailio-postgres-modules',
  'rtpengine-daemon',
  'sip-tester',
  'baresip-core',
  'libnss3-tools',
  'chromium',
];

interface Installed {
  debian: boolean;
  attempted: boolean;
  missing: string[];
  installed: string[];
  command: string | null;
}

/** Runs ensureDebianPackages({ root }) in a child Node with the shims on PATH. */
function installer(shims: DebianShims, { root, env = {} }: { root: boolean; env?: Record<string, string> }) {
  const script = `
    const m = await import(${JSON.stringify(SETUP)});
    const result = m.ensureDebianPackages({ root: ${root} });
    console.log('RESULT ' + JSON.stringify({ result, advice: m.installAdvice(result) }));`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env, PATH: shims.path() },
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (res.status !== 0 || !line) throw new Error(`installer failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  const { result, advice } = JSON.parse(line.slice('RESULT '.length)) as { result: Installed; advice: string[] };
  return { result, advice, stdout: res.stdout };
}

describe('ensureDebianPackages (npm start and npm test)', () => {
  let shims: DebianShims | undefined;
  afterEach(() => shims?.remove());

  it('should install the full package list with one apt-get install when root and nothing is installed', () => {
    shims = new DebianShims();
    const { result, advice } = installer(shims, { root: true });

    expect(shims.calls('apt-get')).toEqual([
      'apt-get update -q',
      `apt-get install -y -q --no-install-recommends ${FULL_LIST.join(' ')}`,
    ]);
    expect(result).toEqual({ debian: true, attempted: true, missing: [], installed: FULL_LIST, command: null });
    expect(advice).toEqual([]);
  });

  it('should stop only the Debian services of kamailio and rtpengine it just installed, by service name', () => {
    shims = new DebianShims();
    installer(shims, { root: true });
    expect([...shims.calls('systemctl'), ...shims.calls('service')].sort()).toEqual([
      'service kamailio stop',
      'service rtpengine-daemon stop',
      'systemctl disable --now kamailio',
      'systemctl disable --now rtpengine-daemon',
    ]);
  });

  it('should install only what is missing when some packages are installed already', () => {
    shims = new DebianShims({ preinstalled: ['kamailio', 'rtpengine-daemon', 'chromium'] });
    const { result } = installer(shims, { root: true });
    const expected = FULL_LIST.filter((p) => !['kamailio', 'rtpengine-daemon', 'chromium'].includes(p));
    expect(shims.aptInstalled()).toEqual(expected);
    expect(result.installed).toEqual(expected);
    expect(shims.calls('service')).toEqual([]); // kamailio and rtpengine were there before: their services are the admin's
  });

  it('should call apt-get not at all when every package is installed', () => {
    shims = new DebianShims({ preinstalled: FULL_LIST });
    const { result, advice } = installer(shims, { root: true });
    expect(shims.calls()).toEqual([]);
    expect(result).toMatchObject({ attempted: false, missing: [], command: null });
    expect(advice).toEqual([]);
  });

  it('should install nothing and name every missing package in one apt-get line when not root', () => {
    shims = new DebianShims({ preinstalled: ['chromium'] });
    const { result, advice, stdout } = installer(shims, { root: false });
    const missing = FULL_LIST.filter((p) => p !== 'chromium');
    const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;

    expect(shims.calls()).toEqual([]);
    expect(result).toEqual({ debian: true, attempted: false, missing, installed: [], command });
    expect(stdout).toContain(command);
    expect(advice).toEqual([
      `  Debian packages not installed: ${missing.join(' ')}`,
      '  Telephony needs them. As root (or with sudo) run, then npm start again:',
      `    ${command}`,
    ]);
  });

  it('should install nothing when root but CALLBOARD_INSTALL_PACKAGES=never', () => {
    shims = new DebianShims();
    const { result } = installer(shims, { root: true, env: { CALLBOARD_INSTALL_PACKAGES: 'never' } });
    expect(shims.calls()).toEqual([]);
    expect(result.missing).toEqual(FULL_LIST);
  });

  it('should not throw and still name the packages when apt-get fails', () => {
    shims = new DebianShims({ aptFails: true });
    const { result, advice } = installer(shims, { root: true });
    expect(shims.calls('apt-get')).toEqual(['apt-get update -q']); // update failed: install was not tried
    expect(result).toMatchObject({ attempted: true, missing: FULL_LIST, installed: [] });
    expect(advice[0]).toContain('could not be installed');
    expect(advice[2]).toBe(`    apt-get install -y --no-install-recommends ${FULL_LIST.join(' ')}`);
  });
});
