import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/** How long a node waits for Redis at start before it refuses to start (it would run cut off from the others). */
const CONNECT_TIMEOUT_MS = 10_000;

/** Where Redis is, for logs: the host and port, never the password in the URL. */
export function redisWhere(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '6379'}`;
}

/**
 * One ioredis connection that reconnects on its own. A command issued while Redis is away waits in
 * ioredis's offline queue for a few reconnection attempts, then fails: callers see an error, never
 * a hang. No per-command timeout: the socket.io adapter's XREAD blocks for seconds on purpose.
 */
export async function connectRedis(url: string, name: string): Promise<Redis> {
  const logger = new Logger(`Redis(${name})`);
  const client = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let lastError = '';
  client.on('error', (err: Error) => {
    // one line per distinct error, not one per reconnect attempt
    if (err.message !== lastError) logger.warn(`${redisWhere(url)}: ${err.message}`);
    lastError = err.message;
  });
  client.on('ready', () => {
    if (lastError) logger.log(`${redisWhere(url)}: connected again`);
    lastError = '';
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`Redis at ${redisWhere(url)} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s (REDIS_URL)`)), CONNECT_TIMEOUT_MS).unref(),
  );
  await Promise.race([client.connect().then(() => client.ping()), timeout]).catch((err: unknown) => {
    client.disconnect();
    throw err;
  });
  return client;
}
