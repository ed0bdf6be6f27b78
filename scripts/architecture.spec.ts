// The seams between modules, checked in `npm test`: dependency-cruiser (swc parser) for imports,
// a scan for process.env outside the config folders. Rules: .dependency-cruiser.cjs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const SOURCES = ['backend/src', 'frontend/src', 'pbx-bridge/src', 'contracts/src'];

interface Violation {
  rule: string;
  from: string;
  to: string;
}

function cruise(cwd: string, paths: string[]): Violation[] {
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      [
        '--require',
        join(ROOT, 'scripts/lib/depcruise-swc-tsx.cjs'),
        join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        ...paths,
        '--config',
        join(ROOT, '.dependency-cruiser.cjs'),
        '--output-type',
        'json',
      ],
      { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (err) {
    // exit code = number of errors; the JSON is still on stdout
    out = (err as { stdout?: string }).stdout ?? '';
    if (!out.trim().startsWith('{')) throw err;
  }
  const result = JSON.parse(out) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx|mjs|cjs|js)$/.test(name) ? [path] : [];
  });
}

/** Source files (not specs, not config/) that read process.env. */
export function envReaders(paths: string[]): string[] {
  return paths.filter(
    (path) => !/(^|\/)config\//.test(path) && !/\.spec\.tsx?$/.test(path) && /process\.env\b/.test(readFileSync(path, 'utf8')),
  );
}

describe('architecture', () => {
  it('should find no import that crosses a seam when the repository is cruised', () => {
    const violations = cruise(ROOT, SOURCES);
    expect(violations.map((v) => `${v.rule}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  it('should report each kind of crossing when the planted fixture breaks the rules', () => {
    const fixture = join(ROOT, 'scripts/fixtures/architecture');
    const found = cruise(fixture, ['backend/src', 'frontend/src']).map((v) => `${v.rule}: ${v.from} -> ${v.to}`);
    expect(found.sort()).toEqual(
      [
        'common-is-platform-only: backend/src/common/platform.ts -> backend/src/modules/beta/beta.service.ts',
        'no-feature-internals: frontend/src/features/one/Card.tsx -> frontend/src/features/two/components/Thing.tsx',
        'no-foreign-internals: backend/src/modules/alpha/alpha.service.ts -> backend/src/modules/beta/helper.ts',
        'no-foreign-repository: backend/src/modules/alpha/alpha.service.ts -> backend/src/modules/beta/beta.repository.ts',
      ].sort(),
    );
  });

  it('should read process.env only in config/ when the app sources are scanned', () => {
    const readers = envReaders(SOURCES.flatMap((dir) => files(join(ROOT, dir)))).map((path) => relative(ROOT, path));
    expect(readers).toEqual([]);
  });

  it('should flag a file outside config/ when it reads process.env', () => {
    const fixture = join(ROOT, 'scripts/fixtures/architecture');
    expect(envReaders(files(fixture)).map((path) => relative(fixture, path))).toEqual(['backend/src/modules/alpha/reads-env.ts']);
  });
});
