import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../backend';
import type { Lan } from './lan';

// `npm start` (scripts/start.mjs) on one machine of the LAN, as an office would run it: its own
// state folder, embedded PostgreSQL, default ports (the machine is its own network namespace, so
// they collide with nothing), and the environment the test gives on top.

export interface ServerRun {
  child: ChildProcess;
  stateDir: string;
  /** Everything npm start printed so far. */
  output(): string;
  /** Resolves with the output once the banner ("Stop with Ctrl+C") is printed. */
  banner: Promise<string>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Environment variables of the test process that must not leak into an `npm start` run. */
const NOT_INHERITED = /^(DATABASE_URL|TEST_DATABASE_URL|SEED|SEED_PASSWORD|SEED_LOGINS_FILE|NODE_ENV|TLS|TLS_.*|PUBLIC_URL|TRUSTED_PROXIES|SIP_.*|PORT|HOST|KAMAILIO_.*|RTPENGINE_.*|EVAPI_PORT|EMBEDDED_PG_PORT|JEST_WORKER_ID|TEST_PORT_SHIFT|SOFTPHONE_PORT_BASE)$/;

export function startCallboard(lan: Lan, host: string, env: Record<string, string>, stateDir?: string): ServerRun {
  const dir = stateDir ?? mkdtempSync(join(tmpdir(), 'cb-netns-state-'));
  chmodSync(dir, 0o755); // embedded PostgreSQL runs as the `postgres` user below it when we are root
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!NOT_INHERITED.test(k)) base[k] = v;
  const child = lan.spawn(host, process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: { ...base, CALLBOARD_STATE_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const banner = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Stop with Ctrl+C')) resolve(out);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`npm start on ${host} exited with ${code} before its banner:\n${out.slice(-4000)}`)));
  });
  banner.catch(() => undefined);
  return {
    child,
    stateDir: dir,
    output: () => out,
    banner,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return child.exitCode;
    },
  };
}

export function removeStateDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

function walk(dir: string, depth = 4): string[] {
  if (depth < 0 || !existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'pg' || name === 'node_modules') continue; // PostgreSQL's data folder is not ours to read
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) out.push(...walk(p, depth - 1));
    else out.push(p);
  }
  return out;
}

/** The local CA certificate npm start created in its state folder (scripts/lib/certs.mjs). */
export function findCaFile(stateDir: string): string {
  const candidates = walk(stateDir).filter((p) => /(^|\/)ca[^/]*\.(pem|crt)$/i.test(p) && !/key/i.test(p));
  const ca = candidates.find((p) => readFileSync(p, 'utf8').includes('BEGIN CERTIFICATE'));
  if (!ca) throw new Error(`no CA certificate (ca*.pem|crt) under ${stateDir}; files: ${walk(stateDir).join(', ')}`);
  return ca;
}

/**
 * The demo password of `email`: the one npm start generated (the SEED_LOGINS_FILE JSON in its
 * state folder: { logins: [{ email, role, password }] }), else the one its banner prints for all
 * ("Demo logins (password: …)").
 */
export function demoPassword(run: Pick<ServerRun, 'stateDir' | 'output'>, email: string): string {
  const stateDir = run.stateDir;
  for (const file of walk(stateDir).filter((p) => p.endsWith('.json'))) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { logins?: Array<{ email: string; password: string }> };
      const login = parsed.logins?.find((l) => l.email === email);
      if (login) return login.password;
    } catch {
      // not the logins file
    }
  }
  const shared = /Demo logins \(password: (\S+)\)/.exec(run.output());
  if (shared) return shared[1]!;
  throw new Error(`no login for ${email} in ${stateDir} nor in the banner`);
}
