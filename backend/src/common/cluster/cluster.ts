import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { ENV, type Env } from '../../config/env';
import { DomainEvents, type DomainEventMap } from '../events/domain-events';
import { connectRedis } from './redis-connection';

/**
 * Domain events that change what every node holds in memory (stage names, rules, the team's
 * settings, the digest's hour). Only these cross nodes: everything durable is in PostgreSQL, everything for sockets goes
 * through the socket.io adapter.
 */
export const CLUSTER_EVENTS = ['pipeline.changed', 'team.time-zone-changed', 'team.settings-changed'] as const;
export type ClusterEvent = (typeof CLUSTER_EVENTS)[number];

type Handler<K extends ClusterEvent> = (payload: DomainEventMap[K]) => unknown;

/**
 * This node among the others (issue 18). With REDIS_URL: one Redis connection for commands
 * (the socket.io adapter, rate limits) and one subscribed to the cluster channel, on which the
 * CLUSTER_EVENTS raised here are published and those raised elsewhere arrive. Without it: a
 * single node, and `onAnyNode` is `DomainEvents.on`.
 */
@Injectable()
export class Cluster implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(Cluster.name);
  /** This process, in logs and health; unique per start so a restarted node does not hear itself. */
  readonly nodeName: string;
  private readonly instance = randomUUID();
  private redisClient: Redis | null = null;
  private subscriber: Redis | null = null;
  private readonly remote = new Map<ClusterEvent, Handler<ClusterEvent>[]>();
  private joining: Promise<void> | null = null;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly events: DomainEvents,
  ) {
    this.nodeName = env.NODE_NAME ?? `${hostname()}-${process.pid}`;
  }

  get enabled(): boolean {
    return !!this.env.REDIS_URL;
  }

  /** The shared Redis connection, or null on a single node. */
  get redis(): Redis | null {
    return this.redisClient;
  }

  /** For /api/health: 'off' on a single node. */
  async redisHealth(): Promise<'ok' | 'down' | 'off'> {
    if (!this.redisClient) return 'off';
    if (this.redisClient.status !== 'ready') return 'down';
    return this.redisClient.ping().then(
      () => 'ok' as const,
      () => 'down' as const,
    );
  }

  /** A key (or stream, or channel) of this deployment. */
  key(name: string): string {
    return `${this.env.REDIS_PREFIX}${name}`;
  }

  onModuleInit(): Promise<void> {
    return this.connect();
  }

  /** Joins the cluster (once): main.ts calls it before the socket server is made, which needs the connection. */
  connect(): Promise<void> {
    this.joining ??= this.join();
    return this.joining;
  }

  private async join(): Promise<void> {
    const url = this.env.REDIS_URL;
    if (!url) return;
    this.redisClient = await connectRedis(url, `${this.nodeName}`);
    this.subscriber = await connectRedis(url, `${this.nodeName}-sub`);
    const channel = this.key('cluster');
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    await this.subscriber.subscribe(channel);
    for (const event of CLUSTER_EVENTS) {
      this.events.on(event, (payload) => this.publish(event, payload));
    }
    this.logger.log(`node ${this.nodeName} joined the cluster (Redis keys ${this.env.REDIS_PREFIX}*)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.subscriber?.quit(), this.redisClient?.quit()]);
  }

  /** Runs `handler` for the event raised on this node and on every other node. */
  onAnyNode<K extends ClusterEvent>(event: K, handler: Handler<K>): void {
    this.events.on(event, handler as never);
    const list = this.remote.get(event) ?? [];
    list.push(handler as Handler<ClusterEvent>);
    this.remote.set(event, list);
  }

  private publish(event: ClusterEvent, payload: unknown): void {
    this.redisClient
      ?.publish(this.key('cluster'), JSON.stringify({ from: this.instance, event, payload }))
      // a lost hint is bounded by each cache's own expiry
      .catch((err: unknown) => this.logger.warn(`${event} not published to the other nodes: ${err instanceof Error ? err.message : String(err)}`));
  }

  private receive(message: string): void {
    let parsed: { from?: unknown; event?: unknown; payload?: unknown };
    try {
      parsed = JSON.parse(message);
    } catch {
      return this.logger.warn('a cluster message that is not JSON was dropped');
    }
    if (parsed.from === this.instance) return;
    const event = CLUSTER_EVENTS.find((e) => e === parsed.event);
    if (!event || !parsed.payload || typeof parsed.payload !== 'object') return this.logger.warn('an unknown cluster message was dropped');
    for (const handler of this.remote.get(event) ?? []) {
      Promise.resolve()
        .then(() => handler(parsed.payload as never))
        .catch((err: unknown) => this.logger.error(`remote ${event} handler failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
}
