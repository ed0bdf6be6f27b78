import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { WEBHOOK_SIGNATURE_HEADER } from '@callboard/contracts';
import { checkTarget, type Resolver } from './webhook-target';

/** What one attempt came to; `ok` is a 2xx answer (a 3xx is a failure: redirects are not followed). */
export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
}

export interface SendOptions {
  url: string;
  allowedHosts: readonly string[];
  secret: string;
  body: string;
  eventId: string;
  eventType: string;
  /** Unix seconds put in the signature. */
  timestamp: number;
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  resolve?: Resolver;
}

/** Bytes of the answer read at most; the rest is dropped unread. */
const MAX_READ_BYTES = 64 * 1024;
/** Characters of the answer kept in the delivery log. */
const EXCERPT_CHARS = 500;

/** `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: Stripe's scheme, so receivers know it. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * One POST of a signed body to a receiver: the target checked (SSRF rule) and its address
 * pinned for the connection, no redirect followed, a connect and a total timeout, the answer
 * read up to 64 KB. Never throws: every failure is an outcome for the delivery log.
 */
export async function sendWebhook(o: SendOptions): Promise<SendOutcome> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  const failed = (error: string, statusCode: number | null = null, responseExcerpt: string | null = null): SendOutcome => ({
    ok: false,
    statusCode,
    durationMs: elapsed(),
    responseExcerpt,
    error,
  });
  const target = await checkTarget(o.url, o.allowedHosts, o.resolve);
  if (!target.ok) return failed(`refused: ${target.reason}`);
  const { url, address, family } = target;
  // the one address checked above, whatever the name resolves to by now
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendOutcome>((done) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      req.destroy();
      done(outcome);
    };
    const req = request(url, {
      method: 'POST',
      agent: false,
      lookup: pinned,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(o.body),
        'User-Agent': 'Callboard-Webhooks/1',
        [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(o.secret, o.timestamp, o.body),
        'Callboard-Event-Id': o.eventId,
        'Callboard-Event-Type': o.eventType,
      },
    });
    const total = setTimeout(() => finish(failed(`timeout: no complete answer within ${o.responseTimeoutMs} ms`)), o.responseTimeoutMs);
    const connect = setTimeout(() => finish(failed(`timeout: not connected within ${o.connectTimeoutMs} ms`)), o.connectTimeoutMs);
    req.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connect);
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connect));
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish(failed(`${err.code ?? 'error'}: ${err.message}`.slice(0, 300))));
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = () => {
        const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS) || null;
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) finish({ ok: true, statusCode: status, durationMs: elapsed(), responseExcerpt: excerpt, error: null });
        else if (status >= 300 && status < 400) finish(failed(`redirect to ${String(res.headers.location ?? '?').slice(0, 200)} not followed`, status, excerpt));
        else finish(failed(`HTTP ${status}`, status, excerpt));
      };
      res.on('data', (chunk: Buffer) => {
        if (size >= MAX_READ_BYTES) return;
        chunks.push(chunk.subarray(0, MAX_READ_BYTES - size));
        size += chunk.length;
        if (size >= MAX_READ_BYTES) answer();
      });
      res.on('end', answer);
      res.on('error', (err) => finish(failed(`response: ${err.message}`.slice(0, 300), res.statusCode ?? null)));
    });
    req.end(o.body);
  });
}
