import { tmpdir } from 'node:os';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '..', '..');
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface StartedBackend {
  url: string;
  port: number;
  databaseUrl: string;
  env: Record<string, string>;
  /** Everything the process printed so far. */
  output(): string;
  /** The running process's id (e.g. to read its memory from /proc), or null when it is not running. */
  pid(): number | null;
  /** Graceful stop (SIGTERM). */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts the process again on the same database and port. */
  restart(): Promise<void>;
  /** Stops the process and drops its database. */
  destroy(): Promise<void>;
}

export interface BackendOptions {
  seed?: 'none' | 'users' | 'demo';
  env?: Record<string, string>;
  port?: number;
  /** Run on this existing database (e.g. a second process beside another backend) instead of a fresh one; destroy() leaves it. */
  databaseUrl?: string;
  /** Another checkout's built backend (its backend/dist/main.js), e.g. a "before" build in a benchmark. */
  root?: string;
}

async function admin<T>(work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh database on the machine's PostgreSQL and starts the real backend on it. */
export async function startBackend(options: BackendOptions = {}): Promise<StartedBackend> {
  const dbName = `cb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const ownDatabase = !options.databaseUrl;
  if (ownDatabase) await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
  const databaseUrl = options.databaseUrl ?? ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PBX_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    SIP_SHARED_SECRET: randomBytes(24).toString('hex'),
    SEED: options.seed ?? 'users',
    // Every seeded user gets this password in tests; without it the backend generates one per user.
    SEED_PASSWORD: 'callboard',
    HOST: '127.0.0.1',
    PORT: String(options.port ?? 0),
    LOG_LEVEL: 'warn',
    PARENT_PID: String(process.pid),
    DATABASE_POOL_MAX: '5',
    // warm connections kept per test backend (many run at once against one PostgreSQL)
    DATABASE_POOL_MIN: '2',
    // recordings (issue 16) of a test backend never go into the checkout's state folder
    RECORDINGS_DIR: join(tmpdir(), `cb-recordings-${dbName}`),
    // and neither do uploaded import files (issue 17)
    IMPORTS_DIR: join(tmpdir(), `cb-imports-${dbName}`),
    ...options.env,
  };
  let proc: ChildProcess | null = null;
  let out = '';
  let port = options.port ?? 0;

  const launch = async () => {
    const child = spawn(process.execPath, [...(process.env.BACKEND_NODE_ARGS?.split(' ').filter(Boolean) ?? []), join(options.root ?? ROOT, 'backend', 'dist', 'main.js')], {
      env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: env.LOG_LEVEL === 'warn' ? 'log' : env.LOG_LEVEL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc = child;
    const from = out.length; // a restart must not match the previous run's "listening" line
    port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`backend did not start in 30 s:\n${out}`)), 30_000);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on https?:\/\/[^:]+:(\d+)/.exec(out.slice(Math.max(from, out.length - 2000)));
        if (m) {
          clearTimeout(timer);
          resolvePort(Number(m[1]));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`backend exited with ${code}:\n${out}`));
      });
    });
  };

  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<void>((done) => {
      const child = proc;
      if (!child || child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill(signal);
    });

  try {
    await launch();
  } catch (err) {
    // A backend that refuses to start (what some tests assert) leaves no database behind.
    if (ownDatabase) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    throw err;
  }
  const backend: StartedBackend = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    databaseUrl,
    env,
    output: () => out,
    pid: () => {
      const child = proc as ChildProcess | null;
      return child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null;
    },
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
    restart: async () => {
      await waitExit('SIGTERM');
      await launch();
    },
    destroy: async () => {
      await waitExit('SIGTERM');
      if (ownDatabase) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    },
  };
  return backend;
}

/** One query on a fresh connection to the given database (specs read what the backend wrote). */
export async function queryDatabase<T = any>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}
