// Issue 11's REGISTER figure: how many registrations per second Kamailio completes when each
// one is checked against a desk-phone account in PostgreSQL (auth_db: one HA1 query per REGISTER,
// then the sip_devices write-back), against browser-style ephemeral credentials (an HMAC, plus the
// users.active check cached per extension and second). Run with
// `npm run bench -- test/bench/register.bench.ts`.
//
// sipp (register.xml: REGISTER → 401 → REGISTER with digest → 200) keeps BENCH_REGISTER_INFLIGHT
// registrations in flight for BENCH_REGISTERS registrations per kind; rate = completed / wall time
// of the sipp run. Kamailio's flood limits are lifted for the run (they would cap one sipp socket at
// 30 requests/s): this measures the authentication path, not the limiter.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startBackend, type StartedBackend, queryDatabase } from '../support/backend';
import { mintSipCredentials } from '../support/sip/credentials';
import { PORT_RANGES } from '../support/sip/ports';
import { runSipp } from '../support/sip/sipp';
import { SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { envInt } from './support/env';
import { table, type Row } from './support/stats';

const CONFIG = {
  registers: envInt('BENCH_REGISTERS', 4000),
  inflight: envInt('BENCH_REGISTER_INFLIGHT', 40),
  rounds: envInt('BENCH_REGISTER_ROUNDS', 2),
};

let backend: StartedBackend;
let stack: TelephonyStack;
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const loadBefore = loadavg();

const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(backend.databaseUrl, text, params);

/** One sipp run of `n` registrations of one user; returns registrations per second. */
async function registrations(user: string, authUser: string, password: string): Promise<{ perSec: number; wallMs: number; code: number | null }> {
  const contact = stack.sippPorts();
  const t0 = performance.now();
  const run = runSipp({
    scenario: 'register.xml',
    target: stack.sipTarget,
    ...stack.sippPorts(),
    inject: [[user, String(contact.port), '300']],
    authUser,
    authPassword: password,
    calls: CONFIG.registers,
    rate: 100_000,
    timeoutSec: 120,
    extra: ['-l', String(CONFIG.inflight)],
  });
  const r = await run.done;
  const wallMs = performance.now() - t0;
  if (r.code !== 0) console.log(r.output);
  return { perSec: (CONFIG.registers / wallMs) * 1000, wallMs, code: r.code };
}

beforeAll(async () => {
  backend = await startBackend({ seed: 'users', env: { SIP_DOMAIN, LOG_LEVEL: 'warn' } });
  stack = new TelephonyStack({
    firstPort: PORT_RANGES.bench,
    offset: 200,
    backendUrl: backend.url,
    token: backend.env.PBX_SERVICE_TOKEN,
    secret: backend.env.SIP_SHARED_SECRET,
  });
  await stack.start({
    children: 4,
    dbUrl: backend.databaseUrl,
    limitPerSocket: 1_000_000,
    limitPerIp: 1_000_000,
    limitPerUser: 1_000_000,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await backend?.destroy();
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, `register-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ config: CONFIG, cpus: cpus().length, loadBefore, loadAfter: loadavg(), results, rows }, null, 2));
  console.log(`\nREGISTER rate (issue 11), load ${loadBefore.map((l) => l.toFixed(2)).join(' ')} → ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n${table(rows)}\n${file}`);
});

describe('REGISTER rate (issue 11)', () => {
  it('should measure registrations per second with device accounts (HA1 from PostgreSQL) and with ephemeral credentials', async () => {
    const username = 'd' + randomBytes(5).toString('hex');
    const password = randomBytes(18).toString('base64url');
    const [bob] = await sql(`SELECT id FROM users WHERE email = 'bob@example.com'`);
    await sql(
      `INSERT INTO sip_devices (user_id, label, username, ha1) VALUES ($1, 'Bench', $2::text, md5($2::text || ':' || $3::text || ':' || $4::text))`,
      [bob.id, username, SIP_DOMAIN, password],
    );
    const eph = mintSipCredentials(stack.secret, '1001', 3600);
    const kinds = {
      device: () => registrations(username, username, password),
      ephemeral: () => registrations('1001', eph.username, eph.password),
    };
    const measured: Record<string, number[]> = { device: [], ephemeral: [] };
    // alternate the kinds so a change in the machine's load hits both alike
    for (let round = 0; round < CONFIG.rounds; round++) {
      for (const [kind, run] of Object.entries(kinds)) {
        const r = await run();
        expect(r.code).toBe(0);
        measured[kind].push(r.perSec);
      }
    }
    for (const [kind, rates] of Object.entries(measured)) {
      const best = Math.max(...rates);
      results[kind] = { rates, best };
      rows.push({
        measure: `${kind === 'device' ? 'device account (auth_db + write-back)' : 'ephemeral (HMAC + active check)'}: ${CONFIG.registers} REGISTERs, ${CONFIG.inflight} in flight`,
        n: CONFIG.registers * CONFIG.rounds,
        extra: `${rates.map((r) => r.toFixed(0)).join(' / ')} reg/s (best ${best.toFixed(0)})`,
      });
    }
    const [row] = await sql(`SELECT last_registered_at FROM sip_devices WHERE username = $1`, [username]);
    expect(row.last_registered_at).not.toBeNull();
  }, 600_000);
});
