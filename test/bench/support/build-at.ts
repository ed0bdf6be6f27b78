import { execFileSync, execSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * The app as built at another commit, for a before/after figure in one run: the commit's tree
 * (git archive, so the repository's worktree list is untouched) in a temporary directory, with
 * this checkout's installed packages linked in and its own workspaces built (contracts, backend,
 * frontend). Reused when already built. Returns its root, for startBackend({ root }).
 */
export function buildAt(commit: string, log: (line: string) => void = () => undefined): string {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${commit}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `callboard-build-${sha.slice(0, 12)}`);
  const built = ['backend/dist/main.js', 'frontend/dist/index.html', 'contracts/dist/index.js'].every((f) => existsSync(join(dir, f)));
  // reused only while its packages are still this checkout's (a build linked to a removed checkout fails to start)
  if (built && linkedTo(join(dir, 'node_modules', 'reflect-metadata'), join(ROOT, 'node_modules'))) return dir;

  log(`building ${sha.slice(0, 12)} into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execSync(`git archive ${sha} | tar -x -C ${JSON.stringify(dir)}`, { cwd: ROOT, stdio: 'inherit' });
  linkPackages(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const ws of ['backend', 'frontend']) {
    const own = join(ROOT, ws, 'node_modules');
    if (existsSync(own)) symlinkSync(own, join(dir, ws, 'node_modules'));
  }
  for (const ws of ['contracts', 'backend', 'frontend']) {
    execFileSync('npm', ['run', 'build', '-w', ws], { cwd: dir, stdio: 'inherit' });
  }
  return dir;
}

function linkedTo(link: string, packages: string): boolean {
  try {
    return realpathSync(link).startsWith(realpathSync(packages));
  } catch {
    return false;
  }
}

/**
 * node_modules as links to this checkout's packages, except the workspaces themselves
 * (@callboard/*, relative links): those must point at the old tree's own sources.
 */
function linkPackages(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (name === '@callboard') {
      mkdirSync(join(to, name));
      for (const ws of readdirSync(source)) symlinkSync(readlinkSync(join(source, ws)), join(to, name, ws));
      continue;
    }
    symlinkSync(lstatSync(source).isSymbolicLink() ? resolve(from, readlinkSync(source)) : source, join(to, name));
  }
}
