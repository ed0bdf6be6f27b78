import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv as parseBackendEnv } from '../backend/src/config/env';
import { loadEnv as parseBridgeEnv } from '../pbx-bridge/src/config/env';
import { DebianShims } from '../test/support/debian-shims';

// docker-compose.yml, the Dockerfile and the proxy's config (ADR 0040, docs/deployment.md). No
// Docker engine here: Debian 12's docker-compose (1.29) resolves and validates the compose file,
// Debian's haproxy checks the proxy's config with the environment compose gives it, and the
// Dockerfile's steps are held to scripts `npm test` itself runs.

const ROOT = join(__dirname, '..');
const COMPOSE = join(ROOT, 'docker-compose.yml');
const DOCKERFILE = join(ROOT, 'Dockerfile');

/** What .env.example asks for, as a user would fill it in. */
const REQUIRED_ENV = {
  JWT_SECRET: 'j'.repeat(40),
  PBX_SERVICE_TOKEN: 'p'.repeat(32),
  SIP_SHARED_SECRET: 's'.repeat(24),
  PG_PASSWORD: 'pgpassword1',
  CALLBOARD_ADDRESS: '192.0.2.10',
};

/**
 * Every command an image or a service may run: each is one `npm test` runs too (image.mjs calls
 * the installer and build scripts/test.mjs calls; the telephony and end-to-end specs start the rest).
 */
const ALLOWED_COMMANDS: Record<string, string> = {
  'node scripts/image.mjs deps': 'scripts/image.mjs',
  'node scripts/image.mjs build': 'scripts/image.mjs',
  'node scripts/image.mjs packages sip-server': 'scripts/image.mjs',
  'node backend/dist/main.js': 'backend/src/main.ts',
  'node pbx-bridge/dist/main.js': 'pbx-bridge/src/main.ts',
  'node pbx-bridge/kamailio/kamailio.mjs start': 'pbx-bridge/kamailio/kamailio.mjs',
  'node pbx-bridge/kamailio/rtpengine.mjs start': 'pbx-bridge/kamailio/rtpengine.mjs',
};

interface Service {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  network_mode?: string;
}

/** Runs Debian's docker-compose on the file with only `env` and `envFile`'s text (never the checkout's .env). */
function compose(args: string[], env: Record<string, string>, envFile = '') {
  const dir = mkdtempSync(join(tmpdir(), 'cb-compose-'));
  const envPath = join(dir, 'compose.env');
  writeFileSync(envPath, envFile);
  try {
    return spawnSync('docker-compose', ['--env-file', envPath, '--project-directory', ROOT, '-f', COMPOSE, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let resolvedOnce: Record<string, Service> | undefined;

/** The resolved compose file as JSON (docker-compose 1.29 prints YAML; its own python3-yaml reads it). */
function resolved(): Record<string, Service> {
  resolvedOnce ??= readResolved();
  return resolvedOnce;
}

function readResolved(): Record<string, Service> {
  const res = compose(['config'], REQUIRED_ENV);
  if (res.status !== 0) throw new Error(`docker-compose config failed:\n${res.stderr}`);
  const json = spawnSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], {
    input: res.stdout,
    encoding: 'utf8',
  });
  if (json.status !== 0) throw new Error(`python3-yaml could not read the resolved file:\n${json.stderr}`);
  return (JSON.parse(json.stdout) as { services: Record<string, Service> }).services;
}

const words = (c: string[] | string | undefined) => (Array.isArray(c) ? c.join(' ') : (c ?? ''));

/** RUN, CMD and ENTRYPOINT lines of the Dockerfile (exec form or shell form) as one command string each. */
function dockerfileSteps(): { instruction: string; command: string }[] {
  const text = readFileSync(DOCKERFILE, 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((line) => /^\s*(RUN|CMD|ENTRYPOINT)\s+(.*)$/i.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, instruction, rest]) => ({
      instruction: instruction.toUpperCase(),
      command: rest.trim().startsWith('[') ? (JSON.parse(rest) as string[]).join(' ') : rest.trim(),
    }));
}

const dockerfileTargets = () => [...readFileSync(DOCKERFILE, 'utf8').matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]);

describe('docker-compose.yml', () => {
  it('should be valid for docker-compose 1.29 when the required variables are set', () => {
    const res = compose(['config', '-q'], REQUIRED_ENV);
    expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it.each(Object.keys(REQUIRED_ENV))('should refuse to start and name %s when it is missing', (name) => {
    const env: Record<string, string> = { ...REQUIRED_ENV };
    delete env[name];
    const res = compose(['config', '-q'], env);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain(`set ${name} in .env`);
  });

  it('should name in .env.example every variable it reads, and refuse the example until its secrets are filled in', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const named = new Set([...example.matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const read = new Set([...readFileSync(COMPOSE, 'utf8').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    expect([...read].filter((v) => !named.has(v))).toEqual([]);
    for (const name of Object.keys(REQUIRED_ENV)) expect(example).toMatch(new RegExp(`^${name}=$`, 'm'));

    expect(compose(['config', '-q'], {}, example).status).not.toBe(0);
    const filled = Object.entries(REQUIRED_ENV).reduce((text, [k, v]) => text.replace(new RegExp(`^${k}=$`, 'm'), `${k}=${v}`), example);
    expect(compose(['config', '-q'], {}, filled)).toMatchObject({ status: 0, stderr: '' });
  });

  it('should run the whole stack: PostgreSQL, Redis, two backends behind the proxy, Kamailio, two rtpengines and the bridge', () => {
    const services = resolved();
    expect(Object.keys(services).sort()).toEqual(
      ['backend-a', 'backend-b', 'bridge', 'kamailio', 'postgres', 'proxy', 'redis', 'rtpengine-a', 'rtpengine-b'].sort(),
    );
    expect(services.postgres.image).toMatch(/^postgres:16/);
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(services.proxy.image).toBe('haproxy:2.6');
  });

  it('should run built images only: no source folder mounted, no npm at start', () => {
    const services = resolved();
    for (const [name, s] of Object.entries(services)) {
      const run = `${words(s.entrypoint)} ${words(s.command)}`;
      expect({ name, npm: /\bnpm\b|\bnpx\b/.test(run) }).toEqual({ name, npm: false });
      for (const volume of s.volumes ?? []) {
        const [source, , mode] = volume.split(':');
        if (!source.startsWith('/')) continue; // a named volume
        // a bind mount is a single config file, read-only: never the checkout or a folder of it
        expect({ name, source, file: existsSync(source) && statSync(source).isFile(), mode }).toEqual({ name, source, file: true, mode: 'ro' });
        expect(resolve(source).startsWith(`${resolve(ROOT)}/`)).toBe(true);
      }
      if (s.build) expect({ name, target: s.build.target, inDockerfile: dockerfileTargets().includes(s.build.target ?? '') }).toEqual({ name, target: s.build.target, inDockerfile: true });
    }
  });

  it('should run only allowed commands in the services built from the Dockerfile', () => {
    for (const [name, s] of Object.entries(resolved())) {
      if (!s.build || !s.command) continue;
      expect({ name, command: words(s.command), allowed: words(s.command) in ALLOWED_COMMANDS }).toEqual({ name, command: words(s.command), allowed: true });
    }
  });

  it('should start a service only after what it needs is healthy, and check the health of everything something waits for', () => {
    const services = resolved();
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect({ name, dep, condition }).toEqual({ name, dep, condition: 'service_healthy' });
        expect({ dep, healthcheck: Boolean(services[dep].healthcheck?.test?.length) }).toEqual({ dep, healthcheck: true });
      }
    }
    expect(Object.keys(services.bridge.depends_on ?? {}).sort()).toEqual(['backend-a', 'backend-b', 'kamailio']);
    expect(Object.keys(services.kamailio.depends_on ?? {}).sort()).toEqual(['postgres', 'proxy', 'rtpengine-a', 'rtpengine-b']);
  });

  it('should wire the nodes: one Redis, shared recordings, Kamailio through the proxy to both rtpengines, the bridge to both nodes', () => {
    const s = resolved();
    const a = s['backend-a'].environment ?? {};
    const b = s['backend-b'].environment ?? {};
    for (const env of [a, b]) {
      expect(env.REDIS_URL).toMatch(/^redis:\/\//);
      expect(env.RECORDINGS_DIR).toBe('/data/recordings');
      expect(env.JWT_SECRET).toBe(REQUIRED_ENV.JWT_SECRET);
    }
    // one media node (ADR 0041): backend-a drives recordings on both rtpengines, backend-b none;
    // the bridge lists backend-a first (below)
    expect(a.RTPENGINE_NG).toBe('127.0.0.1:22222,127.0.0.1:22223');
    expect(b.RTPENGINE_NG ?? '').toBe('');
    expect(a.PORT).not.toBe(b.PORT);
    const proxy = s.proxy.environment ?? {};
    expect([proxy.CB_NODE_A, proxy.CB_NODE_B]).toEqual([`127.0.0.1:${a.PORT}`, `127.0.0.1:${b.PORT}`]);
    expect(s.bridge.environment?.BACKEND_URL).toBe(`http://127.0.0.1:${a.PORT},http://127.0.0.1:${b.PORT}`);
    expect(s.kamailio.environment?.BACKEND_URL).toBe(`http://127.0.0.1:${proxy.CB_PROXY_BIND.split(':').pop()}`);

    // one rtpengine set in Kamailio: each relay's ng port, and RTP ranges that do not overlap
    const ra = s['rtpengine-a'].environment ?? {};
    const rb = s['rtpengine-b'].environment ?? {};
    expect(s.kamailio.environment?.RTPENGINE_SOCKET).toBe(`udp:127.0.0.1:${ra.RTPENGINE_NG_PORT} udp:127.0.0.1:${rb.RTPENGINE_NG_PORT}`);
    expect(ra.RTPENGINE_NG_PORT).not.toBe(rb.RTPENGINE_NG_PORT);
    expect(Number(ra.RTPENGINE_PORT_MAX) < Number(rb.RTPENGINE_PORT_MIN) || Number(rb.RTPENGINE_PORT_MAX) < Number(ra.RTPENGINE_PORT_MIN)).toBe(true);
    for (const r of [ra, rb]) expect(r.RTPENGINE_RECORDING_DIR).toBe('/data/recordings/spool'); // the backends' RECORDINGS_DIR/spool
    for (const name of ['rtpengine-a', 'rtpengine-b', 'backend-a', 'backend-b']) {
      expect(s[name].volumes ?? []).toContainEqual(expect.stringMatching(/^[a-z_-]*recordings:\/data\/recordings:rw$/));
    }
    // the telephony shares the host's loopback (ng, JSON-RPC, evapi listen there)
    for (const name of ['rtpengine-a', 'rtpengine-b', 'kamailio', 'bridge', 'backend-a', 'backend-b', 'proxy']) expect(s[name].network_mode).toBe('host');
  });
});

describe('the services\' environment, read by the apps\' own parsers', () => {
  it.each(['backend-a', 'backend-b'])('should be a valid backend environment in %s', (name) => {
    const env = parseBackendEnv(resolved()[name].environment ?? {});
    expect(env).toMatchObject({ NODE_ENV: 'production', TLS: 'off', RECORDINGS_DIR: '/data/recordings', IMPORTS_DIR: '/data/imports' });
  });

  it('should be a valid bridge environment with both nodes', () => {
    expect(() => parseBridgeEnv(resolved().bridge.environment ?? {})).not.toThrow();
  });

  it('should render a Kamailio config that `kamailio -c` accepts (both rtpengines, the database, the LAN address)', () => {
    const runDir = mkdtempSync(join(tmpdir(), 'cb-compose-kamailio-'));
    try {
      const res = spawnSync(process.execPath, [join(ROOT, 'pbx-bridge', 'kamailio', 'kamailio.mjs'), 'check'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', ...resolved().kamailio.environment, KAMAILIO_RUN_DIR: runDir },
      });
      expect({ status: res.status, stderr: res.stderr }).toEqual({ status: 0, stderr: '' });
      const cfg = readFileSync(join(runDir, 'kamailio.cfg'), 'utf8');
      expect(cfg).toContain('udp:127.0.0.1:22222');
      expect(cfg).toContain('udp:127.0.0.1:22223');
      expect(cfg).toContain(`listen=udp:${REQUIRED_ENV.CALLBOARD_ADDRESS}:5060`);
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});

describe('deploy/haproxy/haproxy.cfg', () => {
  it('should be valid for Debian 12 haproxy with the environment docker-compose gives it', () => {
    const env = resolved().proxy.environment ?? {};
    const res = spawnSync('haproxy', ['-c', '-f', join(ROOT, 'deploy', 'haproxy', 'haproxy.cfg')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
    expect({ status: res.status, out: res.stdout.trim() }).toEqual({ status: 0, out: 'Configuration file is valid' });
  });

  it('should be refused without its environment (the check above can fail)', () => {
    const res = spawnSync('haproxy', ['-c', '-f', join(ROOT, 'deploy', 'haproxy', 'haproxy.cfg')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(res.status).not.toBe(0);
  });
});

describe('Dockerfile', () => {
  it('should run in every RUN, CMD and ENTRYPOINT only commands npm test runs, whose scripts exist', () => {
    const steps = dockerfileSteps();
    expect(steps.length).toBeGreaterThanOrEqual(5);
    for (const { instruction, command } of steps) {
      expect({ instruction, command, allowed: command in ALLOWED_COMMANDS }).toEqual({ instruction, command, allowed: true });
    }
    for (const source of new Set(Object.values(ALLOWED_COMMANDS))) expect({ source, exists: existsSync(join(ROOT, source)) }).toEqual({ source, exists: true });
  });

  it('should build the way npm test does: scripts/test.mjs calls the same installer and build as image.mjs', () => {
    const imports = (file: string) => /import \{([^}]+)\} from '\.\/lib\/setup\.mjs'/.exec(readFileSync(join(ROOT, 'scripts', file), 'utf8'))?.[1] ?? '';
    for (const fn of ['ensureDebianPackages', 'ensureNodeModules', 'build']) {
      expect(imports('test.mjs')).toContain(fn);
      expect(imports('image.mjs')).toContain(fn);
    }
  });

  it('should copy every workspace manifest before npm ci (npm ci fails on a missing workspace)', () => {
    const text = readFileSync(DOCKERFILE, 'utf8');
    const workspaces = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    const deps = text.indexOf('RUN node scripts/image.mjs deps');
    for (const ws of workspaces) {
      const copy = text.indexOf(`COPY ${ws}/package.json ${ws}/`);
      expect({ ws, copiedBeforeDeps: copy >= 0 && copy < deps }).toEqual({ ws, copiedBeforeDeps: true });
    }
  });

  it('should leave node_modules, builds and local state out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['**/node_modules', '**/dist', '.data', '.run', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

describe('scripts/image.mjs', () => {
  let shims: DebianShims | undefined;
  afterEach(() => shims?.remove());
  const image = (args: string[], path = process.env.PATH ?? '') =>
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'image.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, PATH: path } });

  it('should install the SIP server packages (and no test tools) with one apt-get install', () => {
    shims = new DebianShims();
    const res = image(['packages', 'sip-server'], shims.path());
    expect(res.status).toBe(0);
    const list = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(__dirname, 'lib', 'setup.mjs'))}); console.log(JSON.stringify(m.SIP_SERVER_PACKAGES))`], { encoding: 'utf8' });
    const SIP_SERVER_PACKAGES = JSON.parse(list.stdout) as string[];
    expect(shims.aptInstalled()).toEqual([...SIP_SERVER_PACKAGES]);
    expect(SIP_SERVER_PACKAGES).toEqual(expect.arrayContaining(['kamailio', 'kamailio-websocket-modules', 'kamailio-postgres-modules', 'rtpengine-daemon']));
    expect(SIP_SERVER_PACKAGES).not.toContain('chromium');
  });

  it('should fail the image step when apt-get fails', () => {
    shims = new DebianShims({ aptFails: true });
    const res = image(['packages', 'sip-server'], shims.path());
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('not installed: kamailio');
  });

  it('should refuse an unknown step or package group with its usage', () => {
    for (const args of [[], ['packages', 'everything'], ['install']]) {
      const res = image(args);
      expect({ args, status: res.status }).toEqual({ args, status: 2 });
      expect(res.stderr).toContain('usage: node scripts/image.mjs');
    }
  });
});
