import { z } from 'zod';

const HttpUrl = z.url({ protocol: /^https?$/ });

/**
 * One backend URL, or several comma-separated (nodes of one CRM on one database, in order of
 * preference, ADR 0038): each an http(s) URL, none twice (compared without a trailing slash).
 * Parsed into a list.
 */
const BackendUrls = z
  .string()
  .transform((v) => v.split(',').map((u) => u.trim()))
  .pipe(z.array(HttpUrl).min(1))
  .superRefine((urls, ctx) => {
    const seen = new Set<string>();
    urls.forEach((u, i) => {
      const key = u.replace(/\/+$/, '').toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `the same backend URL is listed twice (${new URL(u).origin})` });
      seen.add(key);
    });
  });

const EnvSchema = z.object({
  BACKEND_URL: BackendUrls,
  /** How often each backend node is asked GET /api/health when BACKEND_URL lists several (0: never). */
  BACKEND_HEALTH_MS: z.coerce.number().int().min(0).default(2000),
  /** A backend health check not answered within this fails. */
  BACKEND_HEALTH_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1000),
  PBX_SERVICE_TOKEN: z.string().min(8, 'must be at least 8 characters'),
  EVAPI_HOST: z.string().min(1).default('127.0.0.1'),
  EVAPI_PORT: z.coerce.number().int().min(1).max(65535).default(8448),
  KAMAILIO_RPC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:5071/RPC'),
  BRIDGE_DATA_DIR: z.string().min(1).default('.data/pbx-bridge'),
  PBX_NAME: z.string().min(1).max(40).default('kamailio'),
  DELIVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
  DELIVERY_MAX_BACKOFF_MS: z.coerce.number().int().min(100).default(30_000),
  /** How often calls the bridge saw open are checked against Kamailio's dialog list. */
  BRIDGE_SWEEP_MS: z.coerce.number().int().min(0).default(60_000),
  /** A call is swept only when open at least this long. */
  BRIDGE_SWEEP_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** An event the CRM keeps answering `retry` for is dead-lettered after this many attempts ... */
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10_000).default(12),
  /** ... and at least this long after it first failed, once the CRM accepted other events meanwhile. */
  DELIVERY_GIVE_UP_AFTER_MS: z.coerce.number().int().min(0).default(15 * 60_000),
  /** The dead-letter file (call-events.dead-letter.jsonl beside the journal) is rotated at this size ... */
  DEAD_LETTER_MAX_BYTES: z.coerce.number().int().min(64 * 1024).default(10 * 1024 * 1024),
  /** ... keeping this many old files (.1 newest). */
  DEAD_LETTER_KEEP: z.coerce.number().int().min(1).max(100).default(5),
  /** The routing relay (ADR 0017): how long the CRM may take to say whom to ring; under Kamailio's own timeout. */
  ROUTING_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(800),
  /** `off`: no routing relay; Kamailio then asks the CRM synchronously (holding a SIP worker). */
  ROUTING_RELAY: z.enum(['on', 'off']).default('on'),
  /** Synthetic calls sent through the whole delivery path to the CRM's rehearsal endpoint at start (0: none). */
  DELIVERY_REHEARSAL_CALLS: z.coerce.number().int().min(0).max(5000).default(200),
});

export type BridgeEnv = z.infer<typeof EnvSchema>;

/** Parses the environment once; throws listing every missing or invalid variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): BridgeEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`pbx-bridge: invalid environment\n${problems}`);
  }
  return parsed.data;
}

/** The configuration as it may be logged: secrets replaced. */
export function redactEnv(env: BridgeEnv): Record<string, unknown> {
  return { ...env, PBX_SERVICE_TOKEN: '***' };
}
