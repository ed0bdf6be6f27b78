import type { Env } from '../../config/env';

/** How the backend serves HTTP, decided once from the environment (ADR 0007). */
export interface ServingPlan {
  /** The certificate to serve https with on PORT, next to plain http; null: plain http only. */
  tls: { certFile: string; keyFile: string } | null;
  /** Plain http from another machine is redirected to https (loopback never is). */
  redirectPlainHttp: boolean;
  /** Users reach the app over https: served here, or by a TLS-terminating proxy in front. */
  https: boolean;
  /** Peers whose X-Forwarded-* headers express believes; false: nobody's. */
  trustProxy: string[] | false;
}

export function servingPlan(env: Pick<Env, 'TLS' | 'TLS_CERT_FILE' | 'TLS_KEY_FILE' | 'PUBLIC_URL' | 'TRUSTED_PROXIES'>): ServingPlan {
  const tls = env.TLS !== 'off' && env.TLS_CERT_FILE && env.TLS_KEY_FILE
    ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE }
    : null;
  // Behind a TLS-terminating proxy the proxy's own requests are plain http: never redirect them.
  const behindProxy = env.PUBLIC_URL?.startsWith('https:') ?? false;
  return {
    tls,
    redirectPlainHttp: tls !== null && !behindProxy,
    https: tls !== null || behindProxy,
    trustProxy: env.TRUSTED_PROXIES.length ? env.TRUSTED_PROXIES : false,
  };
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms: this machine, which is never redirected. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return v4.startsWith('127.') || address === '::1';
}
