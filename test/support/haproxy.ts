import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './backend';

/** Debian's haproxy with the deployment's own config (deploy/haproxy/haproxy.cfg), as docker-compose runs it. */
export interface RunningProxy {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

export const HAPROXY_CONFIG = join(ROOT, 'deploy', 'haproxy', 'haproxy.cfg');

/** Starts haproxy on 127.0.0.1:`port` in front of the two nodes (host:port each); resolves when it accepts connections. */
export async function startProxy(port: number, nodeA: string, nodeB: string): Promise<RunningProxy> {
  let out = '';
  const child: ChildProcess = spawn('/usr/sbin/haproxy', ['-db', '-f', HAPROXY_CONFIG], {
    env: { ...process.env, CB_PROXY_BIND: `127.0.0.1:${port}`, CB_NODE_A: nodeA, CB_NODE_B: nodeB },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d.toString()));
  child.stderr!.on('data', (d) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${out.slice(-2000)}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error(`haproxy did not listen on ${port}: ${out.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
