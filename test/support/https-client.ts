import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** SHA-256 fingerprint of the certificate the server presented (https only). */
  peerFingerprint256: string | null;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The CA to verify the server with (https). */
  ca?: Buffer;
  /** The host name to verify the certificate for (https; default: the URL's host). */
  servername?: string;
  /** The source address (to be "another machine", see local-address.ts). */
  localAddress?: string;
}

/** One request with node's own http/https client: no redirects followed, TLS checked against `ca`. */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: options.method ?? 'GET',
        headers: { ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
        localAddress: options.localAddress,
        ...(secure ? { ca: options.ca, servername: options.servername, agent: false } : { agent: false }),
        timeout: 10_000,
      },
      (res) => {
        const peerFingerprint256 = secure ? (res.socket as TLSSocket).getPeerCertificate().fingerprint256 : null;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), peerFingerprint256 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 10 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
