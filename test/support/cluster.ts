import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startBackend, type BackendOptions, type StartedBackend } from './backend';
import { BridgeProcess } from './sip/bridge';
import { startTestKamailio, type TestKamailio } from './sip/kamailio';
import { waitFor } from './sip/wait';
import { SALES_NUMBER, SIP_DOMAIN, softphonePorts } from './softphone/media-stack';
import { startTestRtpengine, type TestRtpengine } from './softphone/rtpengine';

/**
 * Kamailio takes several rtpengine sockets as one set (`rtpengineSocket: 'udp:…=1 udp:…=1'`).
 * TODO(issue 18): true once that lands on main; until then Kamailio is given the first one only.
 */
export const KAMAILIO_RTPENGINE_SETS = false;
/**
 * The bridge's BACKEND_URL takes a comma-separated list with failover of its own.
 * TODO(issue 18): true once that lands on main; until then the bridge goes through the proxy (which fails over too).
 */
export const BRIDGE_BACKEND_LIST = false;

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const HAPROXY = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';
const HAPROXY_CFG = join(ROOT, 'deploy', 'haproxy', 'haproxy.cfg');

/**
 * Two softphone port blocks (300 ports each, see softphonePorts): the first for Kamailio, the first
 * rtpengine, sipp and the three HTTP ports; the second for the second rtpengine.
 */
export function clusterPorts(base: number) {
  return {
    ...softphonePorts(base),
    nodeA: base + 60,
    nodeB: base + 61,
    proxy: base + 62,
    second: softphonePorts(base + 300),
  };
}
export type ClusterPorts = ReturnType<typeof clusterPorts>;

export type NodeName = 'a' | 'b';

export interface ClusterOptions {
  ports: ClusterPorts;
  seed?: BackendOptions['seed'];
  /** More settings for both nodes. */
  env?: Record<string, string>;
  /** Kamailio, rtpengine(s) and the bridge too (default); false: backends, Redis and the proxy only. */
  telephony?: boolean;
  /** How many rtpengine instances (default 2; Kamailio uses both only with KAMAILIO_RTPENGINE_SETS). */
  rtpengines?: 1 | 2;
  /** More settings for the bridge. */
  bridgeEnv?: Record<string, string>;
  /** Nodes share Socket.IO, rate limits and caches through Redis (default); false shows what breaks without it. */
  redis?: boolean;
}

/** The Redis commands the teardown runs (redis-cli: no client library needed). */
function redisCli(args: string[], input?: string): string {
  const url = new URL(REDIS_URL);
  const r = spawnSync('redis-cli', ['-h', url.hostname, '-p', url.port || '6379', ...args], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}

/** Deletes every key under `prefix` (the run's own keys only). */
export function deleteRedisKeys(prefix: string): number {
  const keys = redisCli(['--scan', '--pattern', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`]).split('\n').filter(Boolean);
  for (let i = 0; i < keys.length; i += 500) redisCli(['del', ...keys.slice(i, i + 500)]);
  return keys.length;
}

/** Debian's haproxy with the project's own config (deploy/haproxy), in front of nodes A and B. */
class Haproxy {
  output = '';
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly env: Record<string, string>) {}

  async start(url: string): Promise<void> {
    // -n: the config's maxconn needs twice as many descriptors as a test machine's ulimit may allow
    const child = spawn(HAPROXY, ['-db', '-n', '2000', '-f', HAPROXY_CFG], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (d) => (this.output += d.toString()));
    child.stderr!.on('data', (d) => (this.output += d.toString()));
    this.exited = new Promise((r) => child.on('exit', () => r()));
    const failed = this.exited.then(() => {
      throw new Error(`haproxy exited (${child.exitCode}):\n${this.output}`);
    });
    const up = waitFor(async () => (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) })).ok, 'haproxy to pass requests to a node', 15_000, 100);
    await Promise.race([up, failed]);
    failed.catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

/**
 * Callboard on two backend nodes without Docker (issue 18): one fresh database, one Redis (the
 * machine's, under a per-run key prefix), nodes A and B behind haproxy with deploy/haproxy's config,
 * and (unless `telephony: false`) one Kamailio with two rtpengine instances and the bridge.
 * Kamailio and browsers use the proxy; a browser is put on a node by the proxy's `cb_node` cookie.
 */
export class Cluster {
  readonly ports: ClusterPorts;
  /** Every Redis key of this run starts with it (deleted at stop). */
  readonly redisPrefix = `cbtest:${randomBytes(6).toString('hex')}:`;
  nodes!: Record<NodeName, StartedBackend>;
  rtpengines: TestRtpengine[] = [];
  kamailio!: TestKamailio;
  bridge!: BridgeProcess;
  private proxy!: Haproxy;
  private readonly bridgeDir = mkdtempSync(join(tmpdir(), 'cb-cluster-bridge-'));

  constructor(private readonly options: ClusterOptions) {
    this.ports = options.ports;
  }

  get a(): StartedBackend {
    return this.nodes.a;
  }

  get b(): StartedBackend {
    return this.nodes.b;
  }

  /** Where browsers, Kamailio and (for now) the bridge connect. */
  get url(): string {
    return `http://127.0.0.1:${this.ports.proxy}`;
  }

  get sipTarget(): string {
    return `127.0.0.1:${this.ports.sip}`;
  }

  /** What the bridge's BACKEND_URL is by default. */
  get bridgeBackendUrl(): string {
    return BRIDGE_BACKEND_LIST ? `${this.a.url},${this.b.url}` : this.url;
  }

  /** The cookie that pins a browser context to a node (add it before the first page load). */
  nodeCookie(node: NodeName) {
    return { name: 'cb_node', value: node, url: this.url };
  }

  async start(): Promise<this> {
    const o = this.options;
    const telephony = o.telephony ?? true;
    const shared = {
      SIP_WS_URL: `ws://127.0.0.1:${this.ports.ws}`,
      SIP_DOMAIN,
      ...(o.redis === false ? {} : { REDIS_URL, REDIS_PREFIX: this.redisPrefix }),
      ...o.env,
    };
    // A migrates and seeds the fresh database; B joins it with A's secrets and folders
    const a = await startBackend({ seed: o.seed ?? 'users', port: this.ports.nodeA, env: { ...shared, NODE_NAME: 'a' } });
    this.nodes = { a, b: a };
    const pick = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, a.env[k]!]));
    try {
      const b = await startBackend({
        seed: 'none',
        port: this.ports.nodeB,
        databaseUrl: a.databaseUrl,
        env: { ...pick('JWT_SECRET', 'PBX_SERVICE_TOKEN', 'SIP_SHARED_SECRET', 'SEED_PASSWORD', 'RECORDINGS_DIR', 'IMPORTS_DIR'), ...shared, NODE_NAME: 'b' },
      });
      this.nodes = { a, b };
      this.proxy = new Haproxy({ CB_PROXY_BIND: `127.0.0.1:${this.ports.proxy}`, CB_NODE_A: `127.0.0.1:${a.port}`, CB_NODE_B: `127.0.0.1:${b.port}` });
      await this.proxy.start(this.url);
      await this.nodeUp('a');
      await this.nodeUp('b');
      if (telephony) await this.startTelephony(o.rtpengines ?? 2);
    } catch (e) {
      await this.stop();
      throw e;
    }
    return this;
  }

  private async startTelephony(count: 1 | 2): Promise<void> {
    const blocks = [this.ports, this.ports.second].slice(0, count);
    this.rtpengines = await Promise.all(blocks.map((p) => startTestRtpengine({ ngPort: p.ng, portMin: p.rtpMin, portMax: p.rtpMax })));
    const sockets = KAMAILIO_RTPENGINE_SETS ? this.rtpengines.map((r) => `${r.socket}=1`).join(' ') : this.rtpengines[0]!.socket;
    this.kamailio = await startTestKamailio({
      sipPort: this.ports.sip,
      wsPort: this.ports.ws,
      evapiPort: this.ports.evapi,
      rpcPort: this.ports.rpc,
      backendUrl: this.url,
      serviceToken: this.a.env.PBX_SERVICE_TOKEN!,
      sharedSecret: this.a.env.SIP_SHARED_SECRET!,
      trunkAddresses: ['127.0.0.1'],
      salesNumbers: [SALES_NUMBER],
      trunkOutbound: `127.0.0.1:${this.ports.sippUas}`,
      sipDomain: SIP_DOMAIN,
      rtpengineSocket: sockets,
    });
    await this.startBridge();
  }

  /** (Re)starts the bridge on the same journal, delivering to `backendUrl` (a node's URL pins it to that node). */
  async startBridge(backendUrl = this.bridgeBackendUrl): Promise<BridgeProcess> {
    await this.bridge?.stop();
    this.bridge = await new BridgeProcess({
      backendUrl,
      serviceToken: this.a.env.PBX_SERVICE_TOKEN!,
      evapiPort: this.ports.evapi,
      rpcPort: this.ports.rpc,
      dataDir: this.bridgeDir,
      env: this.options.bridgeEnv,
    }).start();
    return this.bridge;
  }

  /** The proxy sees the node as up (its health check passed), so it sends it requests again. */
  async nodeUp(node: NodeName, timeoutMs = 15_000): Promise<void> {
    await waitFor(async () => (await this.proxiedTo(node)) === node, `the proxy to route to node ${node}`, timeoutMs, 100);
  }

  /** Which node the proxy sends a browser pinned to `node` to (the answer's cookie, or the pinned one when it kept it). */
  async proxiedTo(node: NodeName): Promise<NodeName | null> {
    const res = await fetch(`${this.url}/api/health`, { headers: { cookie: `cb_node=${node}` }, signal: AbortSignal.timeout(2000) }).catch(() => null);
    if (!res?.ok) return null;
    const set = /cb_node=([ab])/.exec(res.headers.get('set-cookie') ?? '');
    return (set?.[1] as NodeName | undefined) ?? node;
  }

  /** SIGKILL, as a crashed node. */
  async killNode(node: NodeName): Promise<void> {
    await this.nodes[node].kill();
  }

  /** Starts the node again on its port and waits until the proxy routes to it. */
  async restartNode(node: NodeName): Promise<void> {
    await this.nodes[node].restart();
    await this.nodeUp(node);
  }

  /** Stops one rtpengine instance (SIGTERM), as a media server going away. */
  async stopRtpengine(index: 0 | 1): Promise<void> {
    await this.rtpengines[index]?.stop();
  }

  /** Stops everything and deletes the database and the run's Redis keys. */
  async stop(): Promise<void> {
    await this.bridge?.stop().catch(() => undefined);
    await this.kamailio?.stop().catch(() => undefined);
    await Promise.all(this.rtpengines.map((r) => r.stop().catch(() => undefined)));
    await this.proxy?.stop().catch(() => undefined);
    if (this.nodes && this.nodes.b !== this.nodes.a) await this.nodes.b.stop().catch(() => undefined);
    await this.nodes?.a.destroy().catch(() => undefined);
    try {
      deleteRedisKeys(this.redisPrefix);
    } catch (e) {
      console.warn(`cluster: could not delete the Redis keys under ${this.redisPrefix}: ${String(e)}`);
    }
  }

  /** Both nodes' and the proxy's logs (for a failure message). */
  logs(tail = 3000): string {
    const parts = [
      ['node a', this.nodes?.a.output()],
      ['node b', this.nodes?.b.output()],
      ['haproxy', this.proxy?.output],
      ['bridge', this.bridge?.output],
    ] as const;
    return parts.map(([name, out]) => `--- ${name} ---\n${(out ?? '').slice(-tail)}`).join('\n');
  }
}
