import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A folder of `dpkg-query`, `apt-get`, `systemctl` and `service` stand-ins to put first on PATH:
 * dpkg-query reports a package installed only once apt-get "installed" it (or it was listed as
 * preinstalled); every apt-get, systemctl and service call is recorded, none touches the machine.
 * The installer under test (scripts/lib/setup.mjs) runs for real against them.
 */
export class DebianShims {
  readonly dir = mkdtempSync(join(tmpdir(), 'cb-debian-shims-'));
  private readonly installedFile = join(this.dir, 'installed');
  private readonly callsFile = join(this.dir, 'calls.log');

  constructor({ preinstalled = [] as readonly string[], aptFails = false } = {}) {
    writeFileSync(this.installedFile, preinstalled.map((p) => `${p}\n`).join(''));
    writeFileSync(this.callsFile, '');
    const record = `printf '%s\\n' "$(basename "$0") $*" >> '${this.callsFile}'`;
    this.script('dpkg-query', [
      'for last; do :; done', // the package is the last argument
      `if grep -qxF "$last" '${this.installedFile}'; then printf 'install ok installed'; exit 0; fi`,
      'echo "dpkg-query: no packages found matching $last" >&2',
      'exit 1',
    ]);
    this.script('apt-get', [
      record,
      aptFails ? 'echo "E: Unable to fetch some archives" >&2; exit 100' : '',
      'if [ "$1" = install ]; then',
      `  for a; do case "$a" in install|-*) ;; *) echo "$a" >> '${this.installedFile}';; esac; done`,
      'fi',
    ]);
    this.script('systemctl', [record]);
    this.script('service', [record]);
  }

  /** PATH with the shims first. */
  path(base = process.env.PATH ?? ''): string {
    return `${this.dir}:${base}`;
  }

  /** Every recorded call, e.g. `apt-get install -y -q --no-install-recommends kamailio ...`. */
  calls(command?: string): string[] {
    if (!existsSync(this.callsFile)) return [];
    const lines = readFileSync(this.callsFile, 'utf8').split('\n').filter(Boolean);
    return command ? lines.filter((l) => l.startsWith(`${command} `)) : lines;
  }

  /** The packages named by `apt-get install` calls, in order. */
  aptInstalled(): string[] {
    return this.calls('apt-get')
      .filter((l) => l.startsWith('apt-get install '))
      .flatMap((l) => l.split(' ').slice(2).filter((a) => !a.startsWith('-')));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private script(name: string, lines: string[]): void {
    const file = join(this.dir, name);
    writeFileSync(file, ['#!/bin/sh', ...lines.filter(Boolean), ''].join('\n'));
    chmodSync(file, 0o755);
  }
}
