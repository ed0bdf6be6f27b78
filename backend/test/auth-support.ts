import { request } from 'node:http';

export interface Reply {
  status: number;
  retryAfter: string | undefined;
  body: any;
}

/**
 * POSTs JSON from a chosen loopback source address (127.0.0.x), so a test can be "another
 * machine" to the throttle: Linux routes all of 127/8 to lo, and the backend sees that address.
 */
export function postFrom(baseUrl: string, path: string, body: unknown, localAddress: string, token?: string): Promise<Reply> {
  const url = new URL(path, baseUrl);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // keep the text
          }
          const retry = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retry) ? retry[0] : retry, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** How many argon2 verifications the backend ran so far (its debug line; start it with LOG_LEVEL=debug). */
export function passwordChecks(output: string): number {
  return output.split('\n').filter((l) => l.includes('argon2 verification')).length;
}

export const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
