import { z } from 'zod';

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
  SIP_WS_URL: z.string().default('ws://127.0.0.1:8088'),
  SIP_CREDENTIAL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86400).default(3600),
  DEFAULT_PHONE_REGION: z.string().length(2).default('HU'),
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
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
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
  /** Time zone that decides what "today" is for the today list and task badges. */
  BUSINESS_TIMEZONE: z.string().default('UTC'),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && env.SEED_PASSWORD) {
    ctx.addIssue({
      code: 'custom',
      path: ['SEED_PASSWORD'],
      message: 'is for tests only and refused with NODE_ENV=production (demo users get generated passwords)',
    });
  }
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment, cannot start:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

export const ENV = Symbol('ENV');
