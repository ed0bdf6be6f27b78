import type { Health, TlsInfo } from '@callboard/contracts';
import { api } from '@/lib/api-client';

/** GET /api/tls (public): whether https is served and whether a CA is offered for download. */
export const fetchTlsInfo = () => api.get<TlsInfo>('/tls');

/** GET /api/health (public): includes whether the SIP server's WebSocket port answers. */
export const fetchHealth = () => api.get<Health>('/health');
