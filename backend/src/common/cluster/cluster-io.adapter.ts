import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Cluster } from './cluster';

// @nestjs/platform-socket.io pins its own socket.io copy: its types, not the backend's
type IoOptions = Parameters<IoAdapter['createIOServer']>[1];

/** Packets kept in the stream for a node that lost Redis for a moment to catch up on (ADR 0037). */
const STREAM_MAX_LEN = 10_000;

/**
 * socket.io across nodes (ADR 0037): with Redis, every room emit, disconnect and fetch goes
 * through one Redis stream that each node reads, so an event raised on node B reaches the sockets
 * on node A. On a single node the in-memory adapter stays.
 */
export class ClusterIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly cluster: Cluster,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: IoOptions): ReturnType<IoAdapter['createIOServer']> {
    const redis = this.cluster.redis;
    if (!redis) return super.createIOServer(port, options);
    const adapter = createAdapter(redis, { streamName: this.cluster.key('socket.io'), maxLen: STREAM_MAX_LEN }) as unknown as NonNullable<IoOptions>['adapter'];
    return super.createIOServer(port, { ...options, adapter } as IoOptions);
  }
}
