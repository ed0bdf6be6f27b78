import { fetchHealth, fetchTlsInfo, wssTrustUrl } from '@/features/tls';

/** What the dock shows when the phone's secure WebSocket fails although the SIP server is up. */
export interface CertificateHelp {
  /** The WSS server as an https address: opening it once lets the browser accept its certificate. */
  trustUrl: string;
  /** The local CA to install instead (the lasting fix), when the server offers one. */
  caUrl: string | null;
}

/**
 * A browser reports an untrusted WSS certificate only as a failed WebSocket (close 1006), like a
 * server that is down. When /api/health says the SIP server's WebSocket port is up, the likely
 * cause is the certificate: say so, with the links, instead of "offline".
 */
export async function certificateHelp(wsUrl: string | null): Promise<CertificateHelp | null> {
  const trustUrl = wsUrl ? wssTrustUrl(wsUrl) : null;
  if (!trustUrl) return null;
  try {
    const [health, tls] = await Promise.all([fetchHealth(), fetchTlsInfo().catch(() => null)]);
    return health.sip.ws === 'up' ? { trustUrl, caUrl: tls?.caUrl ?? null } : null;
  } catch {
    return null;
  }
}
