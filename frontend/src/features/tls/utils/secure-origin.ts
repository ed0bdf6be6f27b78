import type { TlsInfo } from '@callboard/contracts';

/**
 * The https address of this very page, if the server offers one: the proxy's public URL, else
 * the same host and port over https (the server answers both on one port). Null when TLS is off.
 */
export function httpsPageUrl(page: { host: string; pathname: string; search: string; hash: string }, tls: TlsInfo | null): string | null {
  if (!tls?.https) return null;
  const path = `${page.pathname}${page.search}${page.hash}`;
  return tls.publicUrl ? `${tls.publicUrl}${path}` : `https://${page.host}${path}`;
}

/** The https address whose certificate a browser must accept for the phone's WSS connection. */
export function wssTrustUrl(wsUrl: string): string | null {
  return wsUrl.startsWith('wss://') ? `https://${wsUrl.slice('wss://'.length)}` : null;
}
