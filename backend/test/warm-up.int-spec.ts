import { Client } from 'pg';
import { Api } from '../../test/support/api';
import { startBackend, type StartedBackend } from '../../test/support/backend';

// Issue 12 (routing): the first calls after a start as fast as later ones. Before the backend
// listens it has opened its warm connections and exercised the routing path; the pool keeps them
// through quiet periods (pg-pool closes idle connections after 10 s, down to DATABASE_POOL_MIN; unset, the
// pool is fixed at DATABASE_POOL_MAX).

async function backendConnections(databaseUrl: string): Promise<number> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const db = new URL(databaseUrl).pathname.slice(1);
    const r = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'callboard-backend'`, [db]);
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}

/** Everything a call and its rules can write; a rehearsal (warm-up) must leave all of it empty. */
const LEFT_BEHIND = `SELECT (SELECT count(*) FROM calls)::int AS calls, (SELECT count(*) FROM deals)::int AS deals,
  (SELECT count(*) FROM contacts)::int AS contacts, (SELECT count(*) FROM tasks)::int AS tasks,
  (SELECT count(*) FROM deal_events)::int AS timeline, (SELECT count(*) FROM automation_outbox)::int AS outbox,
  (SELECT count(*) FROM automation_runs)::int AS runs, (SELECT count(*) FROM automation_timers)::int AS timers`;
const NOTHING = { calls: 0, deals: 0, contacts: 0, tasks: 0, timeline: 0, outbox: 0, runs: 0, timers: 0 };

describe('warm-up at boot', () => {
  let backend: StartedBackend;

  beforeAll(async () => {
    backend = await startBackend({ env: { DATABASE_POOL_MIN: '5', LOG_LEVEL: 'log' } });
  });
  afterAll(async () => {
    await backend?.destroy();
  });

  it('should have its warm connections open and the routing path exercised when it starts listening', async () => {
    // nothing has asked the backend anything yet
    expect(await backendConnections(backend.databaseUrl)).toBeGreaterThanOrEqual(5);
    const out = backend.output();
    const warm = out.indexOf('warm-up: 5 database connections open');
    // 12 rounds of as many calls at once as the pool keeps open (5)
    const routing = out.indexOf('warm-up: routing and the calls path exercised 60 times (rolled back)');
    const listening = out.indexOf('listening on');
    expect(warm).toBeGreaterThanOrEqual(0);
    expect(routing).toBeGreaterThan(warm);
    expect(listening).toBeGreaterThan(routing);
  });

  it('should leave nothing behind from the synthetic calls it ran through the calls path', async () => {
    const c = new Client({ connectionString: backend.databaseUrl });
    await c.connect();
    try {
      const counts = await c.query(
        LEFT_BEHIND,
      );
      expect(counts.rows[0]).toEqual(NOTHING);
    } finally {
      await c.end();
    }
    expect(backend.output()).not.toMatch(/warm-up: a synthetic (batch failed|call event was not accepted)/);
    expect(backend.output()).not.toMatch(/events failed\)/);
  });

  it('should apply a rehearsal batch in full, answer per event and keep nothing of it', async () => {
    const pbx = new Api(backend.url, backend.env.PBX_SERVICE_TOKEN);
    const at = new Date().toISOString();
    const origin = (seq: number) => ({ pbx: 'bridge-warm-up', boot: 'b1', seq });
    const events = [
      { type: 'offered', callId: 'rehearsal-1', origin: origin(1), at, direction: 'inbound', from: '+36201112233', fromName: 'Rehearsal', to: '+3612345678' },
      { type: 'missed', callId: 'rehearsal-1', origin: origin(2), at, reason: 'no_answer' },
      { type: 'offered', callId: 'rehearsal-2', origin: origin(3), at, direction: 'inbound', from: '+36201112234', fromName: null, to: '+3612345678' },
      { type: 'nonsense', callId: 'rehearsal-3' },
    ];
    const res = await pbx.post('/api/internal/call-events/rehearsal', { events });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'rejected']);
    const c = new Client({ connectionString: backend.databaseUrl });
    await c.connect();
    try {
      expect((await c.query(LEFT_BEHIND)).rows[0]).toEqual(NOTHING);
    } finally {
      await c.end();
    }
    // the service token only, like the real delivery
    expect((await new Api(backend.url).post('/api/internal/call-events/rehearsal', { events })).status).toBe(401);
  });

  it('should keep the warm connections through a quiet period longer than the idle timeout', async () => {
    // pg-pool's idle timeout is 10 s: without a minimum the pool would be empty by then
    await new Promise((r) => setTimeout(r, 11_500));
    expect(await backendConnections(backend.databaseUrl)).toBeGreaterThanOrEqual(5);
  }, 20_000);
});
