// `npm test`: install what is missing (Debian packages when root, npm dependencies), build,
// make sure PostgreSQL answers, then run every jest project.
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { build, ensureDebianPackages, ensureNodeModules, log, ROOT, run, TEST_PACKAGES } from './lib/setup.mjs';

function pgAnswers(port = 5432) {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket.end() && true));
    socket.once('error', () => resolve(false));
  });
}

const packages = ensureDebianPackages({ packages: TEST_PACKAGES });
if (packages.missing.length) log(`warning: still missing ${packages.missing.join(' ')}; tests that need them will fail`);
ensureNodeModules();
build();

if (!process.env.TEST_DATABASE_URL && !(await pgAnswers())) {
  log('PostgreSQL does not answer on 127.0.0.1:5432; trying to start the machine\'s cluster');
  spawnSync('sh', ['-c', 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | tail -1) main start'], {
    stdio: 'inherit',
  });
  if (!(await pgAnswers())) {
    log('no PostgreSQL: set TEST_DATABASE_URL to an admin connection (e.g. postgres://postgres@host:5432/postgres)');
    process.exit(1);
  }
}

const args = process.argv.slice(2);
run('npx', ['jest', '--ci', ...args], { cwd: ROOT });
