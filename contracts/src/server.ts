import { z } from 'zod';

/** GET /api/health: the backend, its database, and whether the SIP WebSocket port answers. */
export const Health = z.object({
  status: z.literal('ok'),
  database: z.literal('ok'),
  sip: z.object({
    /** A TCP connect to the SIP server's WebSocket port from the backend: 'unknown' when telephony is off. */
    ws: z.enum(['up', 'down', 'unknown']),
  }),
  /** The node that answered (NODE_NAME), and its Redis: 'off' on a single node (no REDIS_URL). */
  node: z.string(),
  redis: z.enum(['ok', 'down', 'off']),
});
export type Health = z.infer<typeof Health>;

/** GET /api/tls: how this server is reached securely (public; the sign-in page and phone dock read it). */
export const TlsInfo = z.object({
  /** The server (or the proxy in front of it) serves https. */
  https: z.boolean(),
  /** The https address users should open, when the server knows it (PUBLIC_URL); else the page's own host. */
  publicUrl: z.string().nullable(),
  /** Where to download the local certificate authority to trust, when this server made one. */
  caUrl: z.string().nullable(),
});
export type TlsInfo = z.infer<typeof TlsInfo>;
