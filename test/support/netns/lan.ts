import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Several "machines" on one host: one network namespace per machine, each with an eth0 (veth)
// plugged into a bridge that lives in a namespace of its own, so nothing touches the host's
// interfaces or ports. Names carry the test's pid; a later run removes what a killed run left.

const PREFIX = 'cb-';
const SUBNET = '10.77.1';

export interface LanHost {
  /** The machine's name in the test (`server`, `laptop` ...). */
  name: string;
  /** Its network namespace (for `ip netns exec`). */
  ns: string;
  /** Its address on the LAN. */
  address: string;
  /** Its own host name (programs started with spawn() see it in a UTS namespace), if given. */
  hostname?: string;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Lan {
  hosts: Record<string, LanHost>;
  /** Starts a program inside a machine; the LAN kills it at teardown if it still runs. */
  spawn(host: string, command: string, args: string[], options?: SpawnOptions): ChildProcess;
  /** Runs a program inside a machine to its end. */
  run(host: string, command: string, args: string[], options?: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<RunResult>;
  /**
   * A port on the host's loopback that reaches `port` on the machine's own loopback (through a
   * unix socket, which network namespaces share): how the test talks to what listens on
   * 127.0.0.1 inside a machine, as a process on that machine would.
   */
  forward(host: string, port: number): Promise<number>;
  /** Kills every process inside the machines, then removes them. Safe to call twice. */
  teardown(): Promise<void>;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function ip(args: string[], allowFailure = false): string {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0 && !allowFailure) throw new Error(`ip ${args.join(' ')}: ${r.stderr || r.error?.message}`);
  return r.stdout ?? '';
}

function namespaces(): string[] {
  return ip(['netns', 'list'], true)
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter(Boolean);
}

function pidsIn(ns: string): number[] {
  return ip(['netns', 'pids', ns], true)
    .split('\n')
    .map((l) => Number(l))
    .filter((p) => Number.isInteger(p) && p > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM every process in the namespaces, SIGKILL what is left after `graceMs`, then delete them. */
async function removeNamespaces(names: string[], graceMs = 5000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    for (const ns of names) for (const pid of pidsIn(ns)) try { process.kill(pid, sig); } catch { /* gone */ }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && names.some((ns) => pidsIn(ns).length > 0)) await new Promise((r) => setTimeout(r, 100));
  signal('SIGKILL');
  for (const ns of names) {
    ip(['netns', 'del', ns], true);
    rmSync(join('/etc/netns', ns), { recursive: true, force: true });
  }
}

/** Namespaces of earlier runs whose test process is gone (a killed jest skips its afterAll). */
async function removeStale(): Promise<void> {
  const stale = namespaces().filter((ns) => {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(ns);
    return m && !alive(Number(m[1]));
  });
  if (stale.length) await removeNamespaces(stale, 1000);
}

// The in-namespace end of forward(): a unix socket server piping each connection to a loopback port.
const RELAY = `const net = require('node:net');
const [path, port] = process.argv.slice(1);
net.createServer((c) => { const t = net.connect(Number(port), '127.0.0.1'); c.pipe(t).pipe(c); t.on('error', () => c.destroy()); c.on('error', () => t.destroy()); })
  .listen(path, () => process.stdout.write('relay ready\\n'));`;

/**
 * Creates the machines `names` on one LAN (10.77.1.0/24, .1 upward in the order given).
 * Requires root. Always call teardown(), also after a failed test.
 */
export interface LanOptions {
  /** A host name per machine (what its programs see as the machine's name). */
  hostnames?: Record<string, string>;
  /**
   * Names a machine resolves to other machines, e.g. { laptop: { 'callboard.test': 'server' } }:
   * written to /etc/netns/<ns>/hosts, which `ip netns exec` mounts over /etc/hosts.
   */
  etcHosts?: Record<string, Record<string, string>>;
}

export async function createLan(names: string[], options: LanOptions = {}): Promise<Lan> {
  if (!isRoot()) throw new Error('network namespaces need root (CI runs these specs as root)');
  await removeStale();
  const tag = `${PREFIX}${process.pid}-${Date.now().toString(36).slice(-4)}`;
  const switchNs = `${tag}-lan`;
  const hosts: Record<string, LanHost> = {};
  names.forEach((name, i) => (hosts[name] = { name, ns: `${tag}-${name}`, address: `${SUBNET}.${i + 1}`, hostname: options.hostnames?.[name] }));
  const all = [switchNs, ...Object.values(hosts).map((h) => h.ns)];
  const children = new Set<ChildProcess>();
  const servers: Server[] = [];
  const scratch = mkdtempSync(join(tmpdir(), `${tag}-`));
  let tornDown = false;

  const teardown = async () => {
    if (tornDown) return;
    tornDown = true;
    process.off('exit', onExit);
    for (const s of servers) s.close();
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    await removeNamespaces(all);
    for (const ns of all) rmSync(join('/etc/netns', ns), { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
  // a last resort when the test process exits without its afterAll (synchronous: kill and delete)
  const onExit = () => {
    for (const ns of all) for (const pid of pidsIn(ns)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    for (const ns of all) ip(['netns', 'del', ns], true);
    for (const ns of all) rmSync(join('/etc/netns', ns), { recursive: true, force: true });
  };
  process.on('exit', onExit);

  try {
    for (const ns of all) {
      ip(['netns', 'add', ns]);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    ip(['-n', switchNs, 'link', 'add', 'br0', 'type', 'bridge']);
    ip(['-n', switchNs, 'link', 'set', 'br0', 'up']);
    Object.values(hosts).forEach((h, i) => {
      // veth names are host-global until moved: make them unique per run
      const a = `cb${process.pid % 100000}s${i}`;
      const b = `cb${process.pid % 100000}h${i}`;
      ip(['link', 'add', a, 'type', 'veth', 'peer', 'name', b]);
      ip(['link', 'set', a, 'netns', switchNs]);
      ip(['link', 'set', b, 'netns', h.ns]);
      ip(['-n', switchNs, 'link', 'set', a, 'master', 'br0']);
      ip(['-n', switchNs, 'link', 'set', a, 'up']);
      ip(['-n', h.ns, 'link', 'set', b, 'name', 'eth0']);
      ip(['-n', h.ns, 'addr', 'add', `${h.address}/24`, 'dev', 'eth0']);
      ip(['-n', h.ns, 'link', 'set', 'eth0', 'up']);
    });
    for (const [name, entries] of Object.entries(options.etcHosts ?? {})) {
      const dir = join('/etc/netns', hosts[name]!.ns);
      mkdirSync(dir, { recursive: true });
      const lines = Object.entries(entries).map(([hostName, machine]) => `${hosts[machine]!.address} ${hostName}`);
      writeFileSync(join(dir, 'hosts'), ['127.0.0.1 localhost', ...lines, ''].join('\n'));
    }
  } catch (e) {
    await teardown();
    throw e;
  }

  const nsOf = (host: string) => {
    const h = hosts[host];
    if (!h) throw new Error(`no machine ${host} on this LAN`);
    return h.ns;
  };

  const lan: Lan = {
    hosts,
    spawn(host, command, args, options = {}) {
      const name = hosts[host]?.hostname;
      // a machine with a host name of its own: a UTS namespace per program, named before exec
      const argv = name ? ['unshare', '--uts', 'sh', '-c', 'hostname "$0" && exec "$@"', name, command, ...args] : [command, ...args];
      const child = spawn('ip', ['netns', 'exec', nsOf(host), ...argv], options);
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    run(host, command, args, options = {}) {
      return new Promise((resolve, reject) => {
        const child = lan.spawn(host, command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (d) => (stdout += d));
        child.stderr!.on('data', (d) => (stderr += d));
        const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
        child.once('error', reject);
        child.once('close', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
        child.stdin!.end(options.input ?? '');
      });
    },
    async forward(host, port) {
      const path = join(scratch, `relay-${host}-${port}.sock`);
      const relay = lan.spawn(host, process.execPath, ['-e', RELAY, path, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((ok, fail) => {
        relay.stdout!.once('data', () => ok());
        relay.once('exit', (code) => fail(new Error(`relay into ${host}:${port} exited with ${code}`)));
      });
      if (!existsSync(path)) throw new Error(`relay socket ${path} missing`);
      const server = createServer((c) => {
        const t = connect(path);
        c.pipe(t).pipe(c);
        t.on('error', () => c.destroy());
        c.on('error', () => t.destroy());
      });
      servers.push(server);
      return listenInRange(server);
    },
    teardown,
  };
  return lan;
}

// Host-side ports for this helper: 19000-20900 (no other test run uses them).
async function listenInRange(server: Server, from = 19000, to = 20900): Promise<number> {
  const start = from + (process.pid % (to - from));
  for (let i = 0; i < to - from; i++) {
    const port = from + ((start - from + i) % (to - from));
    const ok = await new Promise<boolean>((resolve) => {
      const busy = () => resolve(false);
      server.once('error', busy);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', busy);
        resolve(true);
      });
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

// One UDP request to a loopback port inside a machine, answered on stdout (base64).
const UDP_REQUEST = `const s = require('node:dgram').createSocket('udp4');
const [port, b64, ms] = process.argv.slice(1);
const t = setTimeout(() => process.exit(2), Number(ms));
s.on('message', (m) => { clearTimeout(t); process.stdout.write(m.toString('base64')); s.close(); });
s.send(Buffer.from(b64, 'base64'), Number(port), '127.0.0.1');`;

/** Sends one UDP datagram to 127.0.0.1:`port` on `host` and returns the first reply. */
export async function udpRequest(lan: Lan, host: string, port: number, payload: Buffer, timeoutMs = 2000): Promise<Buffer> {
  const r = await lan.run(host, process.execPath, ['-e', UDP_REQUEST, String(port), payload.toString('base64'), String(timeoutMs)]);
  if (r.code !== 0) throw new Error(`no UDP answer from ${host}:127.0.0.1:${port} (${r.code}) ${r.stderr}`);
  return Buffer.from(r.stdout, 'base64');
}
