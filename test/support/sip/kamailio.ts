import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const STARTER = resolve(__dirname, '../../../pbx-bridge/kamailio/kamailio.mjs');

export interface TestKamailioOptions {
  sipPort: number;
  wsPort: number;
  evapiPort: number;
  rpcPort: number;
  backendUrl: string;
  serviceToken: string;
  sharedSecret: string;
  trunkAddresses: string[];
  salesNumbers: string[];
  trunkOutbound?: string;
  runDir?: string;
  noAnswerSec?: number;
  [key: string]: unknown;
}

export interface TestKamailio {
  pid: number;
  runDir: string;
  options: TestKamailioOptions;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts Kamailio through pbx-bridge/kamailio/kamailio.mjs (the project's own starter) in a
 * child Node process, and resolves once Kamailio answers JSON-RPC.
 */
export async function startTestKamailio(options: TestKamailioOptions): Promise<TestKamailio> {
  const runDir = options.runDir ?? mkdtempSync(join(tmpdir(), 'cb-kamailio-'));
  const opts = { children: 2, ...options, runDir, echo: false };
  const child: ChildProcess = spawn(process.execPath, [STARTER, 'start'], {
    env: { ...process.env, KAMAILIO_OPTIONS_JSON: JSON.stringify(opts), KAMAILIO_ECHO: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolveStart, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('kamailio running')) resolveStart();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then((code) => reject(new Error(`kamailio starter exited (${code}):\n${output}`)));
  });
  const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(`http://127.0.0.1:${options.rpcPort}/RPC`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }),
      signal: AbortSignal.timeout(3000),
    });
    const json = (await res.json()) as { result: T; error?: unknown };
    if (json.error) throw new Error(JSON.stringify(json.error));
    return json.result;
  };
  return {
    pid: child.pid!,
    runDir,
    options: opts,
    rpc,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
