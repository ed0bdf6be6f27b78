import { Logger } from '../../common/logger';

export interface BackendPoolOptions {
  /** How often every node is asked GET {url}/api/health (0: never; only requests judge nodes). */
  healthIntervalMs: number;
  /** A health check not answered within this is a failed one. */
  healthTimeoutMs: number;
}

/** How one request to one node went, as the caller judges it. */
export type NodeVerdict =
  /** The node answered (2xx, or a 4xx about the request itself): done, whatever the answer. */
  | 'answered'
  /** The node could not serve (connection error, timeout, 502/503/504): it is marked down, the next one is tried. */
  | 'down'
  /** The node failed the request (500 ...): maybe the node, maybe the request. The next node is tried; this one is marked down only if another then serves it. */
  | 'failed';

interface Node {
  url: string;
  /** The URL as it may be logged: origin only, so no userinfo ever reaches a log. */
  name: string;
  up: boolean;
  /** Health checks in a row that failed (while up) or passed (while down). */
  misses: number;
  passes: number;
}

/** Slow or failing health checks in a row before a node is taken out (a refused connection takes it out at once). */
const HEALTH_FALL = 3;
/** Passing health checks in a row before a node that was down is used again. */
const HEALTH_RISE = 2;

/**
 * The CRM's backend nodes (BACKEND_URL, comma-separated), all serving the same database, in order
 * of preference. The first node that is up is "current": every request goes there first. A node
 * that cannot serve a request is marked down and the request is sent at once to the next node that
 * is up (ADR 0038). Periodic health checks take a node out (a refused connection at once, a slow or
 * failing answer after HEALTH_FALL in a row) and bring it back after HEALTH_RISE passes; a node
 * listed earlier than the current one becomes current again then. With one URL it is a plain
 * pass-through.
 */
export class BackendPool {
  private readonly logger = new Logger(BackendPool.name);
  private readonly nodes: Node[];
  private currentIndex = 0;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    urls: readonly string[],
    private readonly options: BackendPoolOptions = { healthIntervalMs: 2000, healthTimeoutMs: 1000 },
  ) {
    if (urls.length === 0) throw new Error('BackendPool: no backend URL');
    this.nodes = urls.map((u) => ({ url: u.replace(/\/+$/, ''), name: nameOf(u), up: true, misses: 0, passes: 0 }));
  }

  /** The node requests go to first (base URL without a trailing slash). */
  get current(): string {
    return this.nodes[this.currentIndex]!.url;
  }

  get size(): number {
    return this.nodes.length;
  }

  /** Whether the node with this base URL is believed up. */
  isUp(url: string): boolean {
    return this.nodes.find((n) => n.url === url)?.up ?? false;
  }

  /** Starts the periodic health checks (a no-op with one node: there is nowhere to fail over to). */
  start(): void {
    if (this.timer || this.nodes.length < 2 || this.options.healthIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.checkAll(), this.options.healthIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Asks every node GET /api/health once; resolves when all answered or timed out. */
  checkAll(): Promise<void> {
    this.checking ??= Promise.all(this.nodes.map((n) => this.check(n))).then(() => {
      this.checking = null;
    });
    return this.checking;
  }

  /**
   * Sends one request: to the current node, then (on `down` / `failed`) to every other node that
   * is up, in list order; when none is up, to every node. `send` gets the node's base URL and must
   * never throw. Returns the last result; `shouldStop` (optional) ends the round early, e.g. when
   * a latency budget is spent.
   */
  async request<T>(send: (baseUrl: string) => Promise<T>, judge: (result: T) => NodeVerdict, shouldStop: () => boolean = () => false): Promise<T> {
    if (this.nodes.length === 1) return send(this.nodes[0]!.url);
    const suspects: Node[] = [];
    let last!: T;
    const order = this.order();
    for (let i = 0; i < order.length; i++) {
      const node = order[i]!;
      last = await send(node.url);
      const verdict = judge(last);
      if (verdict === 'answered') {
        for (const s of suspects) this.markDown(s, 'failed a request another node served');
        this.markUp(node, 'answered a request');
        return last;
      }
      if (verdict === 'down') this.markDown(node, 'could not serve a request');
      else suspects.push(node);
      if (i + 1 < order.length && shouldStop()) break;
      if (i + 1 < order.length) this.logger.debug('request passed on to the next node', { from: node.name, to: order[i + 1]!.name, verdict });
    }
    return last;
  }

  /** The current node first, then the other nodes that are up in list order; every node (current first) when none is up. */
  private order(): Node[] {
    const current = this.nodes[this.currentIndex]!;
    const up = this.nodes.filter((n) => n.up && n !== current);
    if (current.up) return [current, ...up];
    if (up.length > 0) return up;
    return [current, ...this.nodes.filter((n) => n !== current)];
  }

  private async check(node: Node): Promise<void> {
    let ok = false;
    let refused = false;
    let why = '';
    try {
      const res = await fetch(`${node.url}/api/health`, { signal: AbortSignal.timeout(this.options.healthTimeoutMs) });
      await res.text().catch(() => '');
      ok = res.ok;
      why = `health check answered ${res.status}`;
    } catch (e) {
      // nothing listening (a killed process): certain at once; a timeout may be load, so counted
      refused = (e as { name?: string } | null)?.name !== 'TimeoutError';
      why = refused ? 'health check could not connect' : `health check not answered within ${this.options.healthTimeoutMs} ms`;
    }
    if (ok) {
      node.misses = 0;
      if (!node.up && ++node.passes >= HEALTH_RISE) this.markUp(node, `${HEALTH_RISE} health checks passed`);
      return;
    }
    node.passes = 0;
    if (node.up && (refused || ++node.misses >= HEALTH_FALL)) this.markDown(node, refused ? why : `${why} (${HEALTH_FALL} in a row)`);
  }

  private markDown(node: Node, reason: string): void {
    if (node.up) this.logger.warn('backend node down', { node: node.name, reason });
    node.up = false;
    node.misses = 0;
    node.passes = 0;
    if (this.nodes[this.currentIndex] !== node) return;
    const next = this.nodes.find((n) => n.up);
    if (next) this.switchTo(next, `${node.name} ${reason}`);
  }

  private markUp(node: Node, reason: string): void {
    if (!node.up) this.logger.info('backend node up', { node: node.name, reason });
    node.up = true;
    node.misses = 0;
    node.passes = 0;
    // the first node that is up in list order is current: a preferred node that is back takes over
    const first = this.nodes.find((n) => n.up)!;
    if (first !== this.nodes[this.currentIndex]) this.switchTo(first, `${first.name} ${reason}`);
  }

  private switchTo(node: Node, reason: string): void {
    const from = this.nodes[this.currentIndex]!;
    if (from === node) return;
    this.currentIndex = this.nodes.indexOf(node);
    this.logger.warn('backend node switch', { from: from.name, to: node.name, reason });
  }
}

function nameOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid url)';
  }
}
