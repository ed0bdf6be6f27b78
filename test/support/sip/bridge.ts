import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from './wait';

const MAIN = resolve(__dirname, '../../../pbx-bridge/dist/main.js');

export interface BridgeOptions {
  backendUrl: string;
  serviceToken: string;
  evapiPort: number;
  rpcPort: number;
  dataDir: string;
  /** Extra environment (overrides the defaults below). */
  env?: Record<string, string>;
}

/** The real bridge (pbx-bridge/dist/main.js) as a child process, so tests can SIGKILL it. */
export class BridgeProcess {
  output = '';
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(readonly options: BridgeOptions) {}

  async start(): Promise<this> {
    this.output = '';
    const child = spawn(process.execPath, [...(process.env.BRIDGE_NODE_ARGS?.split(' ').filter(Boolean) ?? []), MAIN], {
      env: {
        ...process.env,
        BACKEND_URL: this.options.backendUrl,
        PBX_SERVICE_TOKEN: this.options.serviceToken,
        EVAPI_HOST: '127.0.0.1',
        EVAPI_PORT: String(this.options.evapiPort),
        KAMAILIO_RPC_URL: `http://127.0.0.1:${this.options.rpcPort}/RPC`,
        BRIDGE_DATA_DIR: this.options.dataDir,
        DELIVERY_MAX_BACKOFF_MS: '1000',
        LOG_LEVEL: 'info',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d) => (this.output += d.toString()));
    child.stderr!.on('data', (d) => (this.output += d.toString()));
    this.exited = new Promise((r) => child.on('exit', (code) => r(code)));
    // 30 s: its delivery rehearsal runs before it connects, slow on a loaded machine; its log says why on failure
    await waitFor(() => this.output.includes('evapi hello'), 'the bridge to say hello to Kamailio', 30_000).catch((e: unknown) => {
      throw new Error(`${String(e)}\n--- bridge ---\n${this.output.slice(-3000)}`);
    });
    return this;
  }

  /** The process has not exited. */
  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Count of log lines containing `text`. */
  count(text: string): number {
    return this.output.split('\n').filter((l) => l.includes(text)).length;
  }

  async kill(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
