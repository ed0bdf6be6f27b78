import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SCENARIOS = resolve(__dirname, '../../telephony/scenarios');

export interface SippOptions {
  /** File name under test/telephony/scenarios (or an absolute path). */
  scenario: string;
  /** host:port of Kamailio; omitted for a UAS that only listens. */
  target?: string;
  /** Request-URI user ([service]). */
  service?: string;
  /** Local SIP port and control port (-cp, so nothing clashes with 8888). */
  port: number;
  controlPort: number;
  localIp?: string;
  /** Rows for the injection file: [field0], [field1], ... */
  inject?: string[][];
  calls?: number;
  rate?: number;
  /** -d: pause length in ms */
  durationMs?: number;
  timeoutSec?: number;
  authUser?: string;
  authPassword?: string;
  extra?: string[];
  /** Starts the process (e.g. inside a network namespace); plain spawn by default. */
  spawn?: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
}

export interface SippRun {
  done: Promise<{ code: number | null; output: string }>;
  kill(): void;
  process: ChildProcess;
}

/** Runs sipp in the foreground (-nostdin), always with -default_behaviors all,-abortunexp. */
export function runSipp(o: SippOptions): SippRun {
  const scenario = o.scenario.startsWith('/') ? o.scenario : join(SCENARIOS, o.scenario);
  const args = ['-sf', scenario, '-p', String(o.port), '-cp', String(o.controlPort), '-i', o.localIp ?? '127.0.0.1'];
  if (o.target) args.unshift(o.target);
  if (o.service) args.push('-s', o.service);
  args.push('-m', String(o.calls ?? 1));
  if (o.rate) args.push('-r', String(o.rate));
  if (o.durationMs !== undefined) args.push('-d', String(o.durationMs));
  args.push('-timeout', `${o.timeoutSec ?? 30}s`, '-timeout_error');
  args.push('-default_behaviors', 'all,-abortunexp', '-nostdin', '-nr', '-max_recv_loops', '1000');
  if (o.authUser) args.push('-au', o.authUser);
  if (o.authPassword) args.push('-ap', o.authPassword);
  if (o.inject) {
    const dir = mkdtempSync(join(tmpdir(), 'cb-sipp-'));
    const file = join(dir, 'inject.csv');
    writeFileSync(file, ['SEQUENTIAL', ...o.inject.map((r) => r.join(';'))].join('\n') + '\n');
    args.push('-inf', file);
  }
  if (o.extra) args.push(...o.extra);
  const child = (o.spawn ?? spawn)('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d.toString()));
  child.stderr!.on('data', (d) => (output += d.toString()));
  const done = new Promise<{ code: number | null; output: string }>((r) =>
    child.on('exit', (code) => r({ code, output: output.slice(-4000) })),
  );
  return { done, process: child, kill: () => child.exitCode === null && child.kill('SIGKILL') };
}

/** Default injection row for a trunk call: display name, caller number, one extra header. */
export function callerRow(name = 'Caller', number = '+36201234567', header = 'X-Callboard-Test: 1'): string[] {
  return [name, number, header];
}
