import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startBackend, type BackendOptions, type StartedBackend } from './backend';
import { startProxy, type RunningProxy } from './haproxy';
import { BridgeProcess } from './sip/bridge';
import { startTestKamailio, type TestKamailio } from './sip/kamailio';
import { waitFor } from './sip/wait';
import { SALES_NUMBER, SIP_DOMAIN, softphonePorts } from './softphone/media-stack';
import { startTestRtpengine, type TestRtpengine } from './softphone/rtpengine';


export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

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
  /** How many rtpengine instances, one Kamailio set (default 2). */
  rtpengines?: 1 | 2;
  /** More settings for the bridge. */
  bridgeEnv?: Record<string, string>;
  /** Nodes share Socket.IO, rate limits and caches through Redis (default); false shows what breaks without it. */
  redis?: boolean;
}

/** Deletes every key under `prefix` (the run's own keys only); returns how many. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let deleted = 0;
    const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    for await (const keys of redis.scanStream({ match, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) deleted += await redis.unlink(...keys);
    }
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/**
 * Callboard on two backend nodes without Docker (issue 18): one fresh database, one Redis (the
 * machine's, under a per-run key prefix), nodes A and B behind haproxy with deploy/haproxy's config,
 * and (unless `telephony: false`) one Kamailio with two rtpengine instances as one set and the
 * bridge. Kamailio and browsers use the proxy (a browser is put on a node by the proxy's `cb_node`
 * cookie); the bridge is given both nodes.
 */
export class Cluster {
  readonly ports: ClusterPorts;
  /** Every Redis key of this run starts with it (deleted at stop). */
  readonly redisPrefix = `cbtest:${randomBytes(6).toString('hex')}:`;
  nodes!: Record<NodeName, StartedBackend>;
  rtpengines: TestRtpengine[] = [];
  kamailio!: TestKamailio;
  bridge!: BridgeProcess;
  private proxy?: RunningProxy;
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

  /** Where browsers and Kamailio connect. */
  get url(): string {
    return `http://127.0.0.1:${this.ports.proxy}`;
  }

  get sipTarget(): string {
    return `127.0.0.1:${this.ports.sip}`;
  }

  /** The bridge's BACKEND_URL by default: both nodes, A preferred (the bridge fails over by itself, ADR 0038). */
  get bridgeBackendUrl(): string {
    return `${this.a.url},${this.b.url}`;
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
      this.proxy = await startProxy(this.ports.proxy, `127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`);
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
    const sockets = this.rtpengines.map((r) => `${r.socket}=1`).join(' ');
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

  /** Which node answers, through the proxy, a browser pinned to `node` (the health check names it), or null when none does. */
  async proxiedTo(node: NodeName): Promise<string | null> {
    const res = await fetch(`${this.url}/api/health`, { headers: { cookie: `cb_node=${node}` }, signal: AbortSignal.timeout(2000) }).catch(() => null);
    if (!res?.ok) return null;
    return ((await res.json()) as { node?: string }).node ?? null;
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
    await deleteRedisKeys(this.redisPrefix).catch((e: unknown) => console.warn(`cluster: could not delete the Redis keys under ${this.redisPrefix}: ${String(e)}`));
  }

  /** Both nodes' and the proxy's logs (for a failure message). */
  logs(tail = 3000): string {
    const parts = [
      ['node a', this.nodes?.a.output()],
      ['node b', this.nodes?.b.output()],
      ['haproxy', this.proxy?.output()],
      ['bridge', this.bridge?.output],
    ] as const;
    return parts.map(([name, out]) => `--- ${name} ---\n${(out ?? '').slice(-tail)}`).join('\n');
  }
}
