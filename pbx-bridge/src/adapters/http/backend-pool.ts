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
}

/**
 * The CRM's backend nodes (BACKEND_URL, comma-separated), all serving the same database. One node
 * is "current": every request goes there first. A node that cannot serve a request is marked down
 * and the request is sent at once to the next node that is up (ADR 0038); a periodic health check
 * marks nodes up and down between requests. The pool stays on the node it switched to (no switch
 * back when the first one recovers: a switch costs warm connections). With one URL it is a plain
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
    this.nodes = urls.map((u) => ({ url: u.replace(/\/+$/, ''), name: nameOf(u), up: true }));
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
   * is up, in list order after the current one; when none is up, to every node. `send` gets the
   * node's base URL and must never throw. Returns the last result; `shouldStop` (optional) ends
   * the round early, e.g. when a latency budget is spent.
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
        if (!node.up) this.markUp(node, 'answered a request');
        if (this.nodes[this.currentIndex] !== node && !this.nodes[this.currentIndex]!.up) this.switchTo(node, 'it answered');
        return last;
      }
      if (verdict === 'down') this.markDown(node, 'could not serve a request');
      else suspects.push(node);
      if (i + 1 < order.length && shouldStop()) break;
      if (i + 1 < order.length) this.logger.debug('request passed on to the next node', { from: node.name, to: order[i + 1]!.name, verdict });
    }
    return last;
  }

  /** The current node first, then the others in list order after it; only nodes up, unless none is. */
  private order(): Node[] {
    const n = this.nodes.length;
    const ring = Array.from({ length: n }, (_, i) => this.nodes[(this.currentIndex + i) % n]!);
    const up = ring.filter((node) => node.up);
    return up.length > 0 ? up : ring;
  }

  private async check(node: Node): Promise<void> {
    let ok = false;
    let why = '';
    try {
      const res = await fetch(`${node.url}/api/health`, { signal: AbortSignal.timeout(this.options.healthTimeoutMs) });
      await res.text().catch(() => '');
      ok = res.ok;
      why = `health check answered ${res.status}`;
    } catch (e) {
      why = `health check failed (${e instanceof Error ? e.name : 'error'})`;
    }
    if (ok && !node.up) this.markUp(node, 'health check passed');
    else if (!ok && node.up) this.markDown(node, why);
  }

  private markDown(node: Node, reason: string): void {
    if (node.up) this.logger.warn('backend node down', { node: node.name, reason });
    node.up = false;
    if (this.nodes[this.currentIndex] !== node) return;
    const next = this.order().find((n) => n.up);
    if (next) this.switchTo(next, `${node.name} ${reason}`);
  }

  private markUp(node: Node, reason: string): void {
    if (!node.up) this.logger.info('backend node up', { node: node.name, reason });
    node.up = true;
    if (!this.nodes[this.currentIndex]!.up) this.switchTo(node, `${node.name} ${reason}`);
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
