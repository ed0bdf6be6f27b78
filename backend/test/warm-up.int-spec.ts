import { Client } from 'pg';
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
        `SELECT (SELECT count(*) FROM calls)::int AS calls, (SELECT count(*) FROM deals)::int AS deals,
                (SELECT count(*) FROM contacts)::int AS contacts, (SELECT count(*) FROM tasks)::int AS tasks,
                (SELECT count(*) FROM automation_outbox)::int AS outbox`,
      );
      expect(counts.rows[0]).toEqual({ calls: 0, deals: 0, contacts: 0, tasks: 0, outbox: 0 });
    } finally {
      await c.end();
    }
    expect(backend.output()).not.toMatch(/synthetic call event failed/);
  });

  it('should keep the warm connections through a quiet period longer than the idle timeout', async () => {
    // pg-pool's idle timeout is 10 s: without a minimum the pool would be empty by then
    await new Promise((r) => setTimeout(r, 11_500));
    expect(await backendConnections(backend.databaseUrl)).toBeGreaterThanOrEqual(5);
  }, 20_000);
});
