import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { CurrencyCode, Language, PhoneRegion } from '@callboard/contracts';
import { z } from 'zod';
import { isPhoneRegion } from '../common/phone/phone';
import { isKnownCurrency } from '../i18n/currency';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** "10.0.0.1, 10.1.0.0/16, ::1" → a list express's `trust proxy` accepts; anything else is refused at boot. */
const ProxyList = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .refine(
    (list) => list.every((entry) => {
      const [address, bits, extra] = entry.split('/');
      if (extra !== undefined || !isIP(address)) return false;
      return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128));
    }),
    'must be a comma list of IP addresses or CIDR ranges',
  );

/** An empty variable (`TEAM_LANGUAGE=`) is an unset one: its default applies. */
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/** Environment, parsed once at boot. Nothing else reads process.env. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_TTL_SECONDS: z.coerce.number().int().min(5).default(12 * 3600),
  /** Bearer token the pbx-bridge and the SIP server use on /api/internal. */
  PBX_SERVICE_TOKEN: z.string().min(24, 'must be at least 24 characters'),
  /** Shared with Kamailio's auth_ephemeral module. */
  SIP_SHARED_SECRET: z.string().min(16, 'must be at least 16 characters'),
  SIP_DOMAIN: z.string().default('callboard.local'),
  /** Explicit SIP WebSocket URL for browser phones (tests); unset: the page derives it from its own host and the ports below. */
  SIP_WS_URL: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL').optional(),
  SIP_WS_PORT: port(8088),
  SIP_WSS_PORT: port(8089),
  /** off: no phone health check (telephony is not running). */
  TELEPHONY: z.enum(['on', 'off']).default('on'),
  /** on: https required (TLS_CERT_FILE/TLS_KEY_FILE must be set); off: plain http only; unset: https when a certificate is given. */
  TLS: z.enum(['on', 'off']).optional(),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  /** The local CA that signed TLS_CERT_FILE, offered for download on the sign-in page. */
  TLS_CA_FILE: z.string().min(1).optional(),
  /** The address users open when a TLS-terminating proxy is in front (https://crm.example.com). */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Proxies whose X-Forwarded-* headers are believed; from anyone else they are ignored. */
  TRUSTED_PROXIES: ProxyList,
  SIP_CREDENTIAL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86400).default(3600),
  /**
   * Several nodes (issue 18): the Redis that carries socket.io between them and holds the shared
   * rate limits. Unset: one node, everything in this process (as `npm start` runs).
   */
  REDIS_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^rediss?$/ }).optional()),
  /** Every Redis key and stream this deployment uses starts with it (several deployments, or test runs, on one Redis). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'letters, digits and : _ . - only').default('callboard:'),
  /** This node's name in logs and in /api/health (default: host name and process id). */
  NODE_NAME: z.preprocess(unsetIfEmpty, z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional()),
  /** Web-form posts a minute from one sender (address) to one form, and to one form from everyone (issue 17). */
  WEB_FORM_LIMIT_PER_SENDER: z.coerce.number().int().min(1).max(10_000).default(5),
  WEB_FORM_LIMIT_PER_FORM: z.coerce.number().int().min(1).max(100_000).default(120),
  /** The team's region (numbers typed without a country code) until a Head picks one (team-settings). */
  DEFAULT_PHONE_REGION: z.preprocess(
    unsetIfEmpty,
    z.string().trim().toUpperCase().pipe(PhoneRegion).refine(isPhoneRegion, 'is not a region with known phone numbers').default('HU'),
  ),
  /**
   * The team's language until a Head picks one (team-settings): what a user without their own
   * reads, and what a new install's default stages and rules are written in at first start.
   */
  TEAM_LANGUAGE: z.preprocess(unsetIfEmpty, Language.default('en')),
  /** The team's currency (new deals) until a Head picks one: an ISO 4217 code Intl knows. */
  TEAM_CURRENCY: z.preprocess(unsetIfEmpty, CurrencyCode.refine(isKnownCurrency, 'is not a currency Intl knows').default('EUR')),
  /** What to seed into an empty database: nothing, the demo users, or users with demo deals. */
  SEED: z.enum(['none', 'users', 'demo']).default('none'),
  /** One password for every seeded user (tests); unset = a generated one per user. Refused in production. */
  SEED_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(8).max(200).optional()),
  /** Where generated demo logins and the first-Head setup link are written (JSON, mode 0600). */
  SEED_LOGINS_FILE: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  /** How long the first-Head setup link stays valid. */
  SETUP_TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** How often live sockets are re-checked against their sessions (revoked elsewhere, user deactivated). */
  SESSION_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  FRONTEND_DIST: z.string().optional(),
  /** Connections in the backend's pool (bounded; the call path applies at most max(1, this - 2) events at once). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  /** Exit when this process is gone (tests start the backend as a child; no orphans). */
  PARENT_PID: z.coerce.number().int().positive().optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Outgoing mail of rules and digests, e.g. smtp://user:pass@mail.example.com:587; unset = mails are logged, not sent. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  SMTP_FROM: z.string().default('Callboard <callboard@localhost>'),
  /** How often the automation scheduler looks for due timers and unsent mail. */
  AUTOMATION_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(5000),
  /** Timers fired in parallel (each holds a database connection while it fires). */
  AUTOMATION_WORKERS: z.coerce.number().int().min(1).max(32).default(2),
  /** How often the report summaries' delta rows are folded into one row per key (ADR 0028). */
  REPORT_SUMMARY_COMPACT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** The install's default team time zone ("today" for lists, digest, tiers) until a Head picks one (team-settings). */
  BUSINESS_TIMEZONE: z.string().default('UTC'),
  /** Kamailio's JSON-RPC (http://127.0.0.1:5071/RPC): drops registrations at once; unset = no live drop. */
  SIP_RPC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The host name or address desk phones reach the SIP server at (else PUBLIC_URL's host, else the request's). */
  SIP_PUBLIC_HOST: z.string().min(1).max(253).optional(),
  SIP_PORT: z.coerce.number().int().min(1).max(65535).default(5060),
  /** SIP over TLS port of the SIP server, set when it serves TLS (npm start does): desk phones are offered TLS only then. */
  SIP_TLS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Alerts from the pbx-bridge of one kind within this window become one summary notification to the Heads. */
  ALERT_COALESCE_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** A statement running longer is cancelled (57014); the call path answers `retry`. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(50).max(600_000).default(15_000),
  /** Waiting longer for a row lock fails the statement (55P03); transactions retry it. */
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** A transaction left idle this long is ended by PostgreSQL (its connection is closed). */
  DATABASE_IDLE_TX_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** How long to wait for a connection from the pool (or a new one) before failing. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /** Test only (refused in production): crash (SIGKILL itself) at this point of the call path. */
  TEST_CRASH_POINT: z.enum(['call-committed']).optional(),
  /** How often presence and open calls are checked against the SIP server's live dialogs (needs SIP_RPC_URL); 0 = never. */
  CALL_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  /** How long a call or an on_call rep must be without a live dialog before it is ended / released. */
  /** Calls of one delivered batch applied in one transaction at most (group commit, ADR 0011). */
  CALL_GROUP_COMMIT: z.coerce.number().int().min(1).max(100).default(16),
  CALL_RECONCILE_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(3_000),
  /**
   * Connections opened at boot and kept open when idle (capped at DATABASE_POOL_MAX); unset: all of
   * them, a fixed-size pool. A burst then finds every connection open and warm instead of opening
   * new ones while it waits (measured: docs/performance.md, "A fixed-size pool").
   */
  DATABASE_POOL_MIN: z.coerce.number().int().min(0).max(200).optional(),
  /** `off`: no boot warm-up (pool, catalog caches, routing and call-event code paths); for comparing a cold start. */
  WARM_UP: z.enum(['on', 'off']).default('on'),
  /**
   * rtpengine's ng control address (host:port, UDP): recordings are started, paused and stopped
   * through it (issue 16). Unset: no media server, recording is reported unavailable. Several
   * instances Kamailio drives as a set: comma-separated; each call's commands go to the one carrying it (ADR 0039).
   */
  RTPENGINE_NG: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^\s*(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}(\s*,\s*(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5})*\s*$/, 'must be host:port, or several comma-separated')
      .optional(),
  ),
  /** Where `npm start` keeps its state (`.data/`, `.run/`); the default of RECORDINGS_DIR lives under it. */
  CALLBOARD_STATE_DIR: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  /** Where call recordings are kept (their spool folder is `spool/` inside); default `<state dir>/.data/recordings`. */
  RECORDINGS_DIR: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  /** The install's retention period (days) until a Head sets one. */
  RECORDINGS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** How often the retention timer looks whether its run is due (the schedule itself is a row). */
  RECORDINGS_RETENTION_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  /** How often a due retention run comes back (the next run is this far after the last). */
  RECORDINGS_RETENTION_EVERY_MS: z.coerce.number().int().min(1000).max(7 * 86_400_000).default(3_600_000),
  /** A spool file larger than this is refused (a 2-channel 8 kHz 16-bit WAV is ~1.9 MB a minute). */
  RECORDINGS_MAX_BYTES: z.coerce.number().int().min(1024).max(2 ** 40).default(2 * 1024 ** 3),
  /**
   * Key that encrypts webhook signing secrets at rest (AES-256-GCM): 32+ characters. Unset: one
   * derived from JWT_SECRET (HKDF), so rotating JWT_SECRET then makes the stored secrets unreadable
   * (docs/api/webhooks.md).
   */
  WEBHOOK_SECRET_KEY: z.preprocess(unsetIfEmpty, z.string().min(32, 'must be at least 32 characters').optional()),
  /** How often the webhook drainer looks for due deliveries (new events also wake it at once). */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Attempts per delivery before it is given up (back-off 1 min, 2, 4 ... capped at 6 h, jittered). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  /** Failed attempts in a row (any of its deliveries) after which a webhook is switched off and the Heads told. */
  WEBHOOK_DISABLE_AFTER: z.coerce.number().int().min(1).max(1000).default(20),
  /** Connecting to a receiver (DNS excluded) may take this long. */
  WEBHOOK_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(5000),
  /** The whole request, from connect to the last byte read, may take this long. */
  WEBHOOK_RESPONSE_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(10_000),
  /** Where uploaded import files are kept until their import ends; default `<state dir>/.data/imports`. */
  IMPORTS_DIR: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  /** An import file larger than this is refused with 413 before anything is stored (default 50 MB). */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).max(2 ** 34).default(50 * 1024 ** 2),
  /** Rows per batch of an import: each batch and the job's cursor commit in one transaction. */
  IMPORT_BATCH_ROWS: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** A pause between two batches (ms), to leave the database to calls on a small box; default none. */
  IMPORT_BATCH_PAUSE_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** How long a running import is held by its process without a committed batch before another may take it over. */
  IMPORT_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  /** How often each process looks for an import to run (a new one is started at once where it was queued). */
  IMPORT_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** Test only (refused outside NODE_ENV=test): an in-memory media adapter whose commands tests read. */
  RECORDING_MEDIA: z.enum(['memory']).optional(),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && env.SEED_PASSWORD) {
    ctx.addIssue({
      code: 'custom',
      path: ['SEED_PASSWORD'],
      message: 'is for tests only and refused with NODE_ENV=production (demo users get generated passwords)',
    });
  }
  if (env.NODE_ENV !== 'test' && env.RECORDING_MEDIA) {
    ctx.addIssue({ code: 'custom', path: ['RECORDING_MEDIA'], message: 'is for tests only (NODE_ENV=test)' });
  }
  if (env.NODE_ENV !== 'test' && env.TEST_CRASH_POINT) {
    ctx.addIssue({ code: 'custom', path: ['TEST_CRASH_POINT'], message: 'is for tests only (NODE_ENV=test)' });
  }
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  cached ??= parseEnv(source);
  return cached;
}

/** Parses without caching (loadEnv caches the process's one result). */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = EnvSchema.superRefine(checkTls).safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment, cannot start:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

function checkTls(env: Env, ctx: z.RefinementCtx): void {
  if (!env.TLS_CERT_FILE !== !env.TLS_KEY_FILE) {
    ctx.addIssue({ code: 'custom', path: [env.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'], message: 'TLS_CERT_FILE and TLS_KEY_FILE go together' });
  }
  if (env.TLS === 'on' && !env.TLS_CERT_FILE) {
    ctx.addIssue({ code: 'custom', path: ['TLS_CERT_FILE'], message: 'required when TLS=on' });
  }
}

export const ENV = Symbol('ENV');

/** RECORDINGS_DIR, else `.data/recordings` under CALLBOARD_STATE_DIR, else under the checkout (as `npm start` does). */
export function recordingsDir(env: Pick<Env, 'RECORDINGS_DIR' | 'CALLBOARD_STATE_DIR'>): string {
  return resolve(env.RECORDINGS_DIR ?? join(env.CALLBOARD_STATE_DIR ?? resolve(__dirname, '..', '..', '..'), '.data', 'recordings'));
}

/** IMPORTS_DIR, else `.data/imports` under CALLBOARD_STATE_DIR, else under the checkout. */
export function importsDir(env: Pick<Env, 'IMPORTS_DIR' | 'CALLBOARD_STATE_DIR'>): string {
  return resolve(env.IMPORTS_DIR ?? join(env.CALLBOARD_STATE_DIR ?? resolve(__dirname, '..', '..', '..'), '.data', 'imports'));
}

/** Connections the pool keeps open: DATABASE_POOL_MIN, or all DATABASE_POOL_MAX when it is unset. */
export function poolMin(env: Pick<Env, 'DATABASE_POOL_MIN' | 'DATABASE_POOL_MAX'>): number {
  return Math.min(env.DATABASE_POOL_MIN ?? env.DATABASE_POOL_MAX, env.DATABASE_POOL_MAX);
}
