import { Client } from 'pg';
import { createWorld, sql, type World } from './fixtures';

/**
 * A backend asked to stop while it builds the report summaries stops then: the build's statement
 * is cancelled and rolled back (the next boot builds again), not waited for. npm start's orphaned
 * backend and every restart depend on it; a build on a big database runs for minutes.
 */
describe('report summaries build at shutdown', () => {
  let world: World;
  let holder: Client;

  beforeAll(async () => {
    // no lock timeout to end the blocked build for us: only the shutdown's cancel can
    world = await createWorld({ env: { DATABASE_LOCK_TIMEOUT_MS: '600000', REPORT_SUMMARY_COMPACT_MS: '600000' } });
  });

  afterAll(async () => {
    await holder?.end().catch(() => undefined);
    await world?.backend.destroy();
  });

  it('should cancel a build blocked mid-statement and stop without waiting for it', async () => {
    const built = async () => (await sql(world, `SELECT built_zone FROM report_summary_state`))[0].built_zone as string | null;
    const deadline = Date.now() + 20_000;
    while ((await built()) !== 'UTC') {
      if (Date.now() > deadline) throw new Error('the boot build did not finish');
      await new Promise((r) => setTimeout(r, 50));
    }
    holder = new Client({ connectionString: world.backend.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    // SHARE, not ACCESS EXCLUSIVE: that one takes a transaction id, and the build would (rightly) wait for it first
    await holder.query('LOCK TABLE report_deal_cohorts IN SHARE MODE');

    expect((await world.head.request('PUT', '/api/team-settings', { timeZone: 'Europe/Budapest' })).status).toBe(200);
    const blocked = async () =>
      (await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'report_deal_cohorts'::regclass AND NOT granted`)).rows[0].n as number;
    while ((await blocked()) === 0) {
      if (Date.now() > deadline + 20_000) throw new Error('the build never reached the locked summary');
      await new Promise((r) => setTimeout(r, 50));
    }

    await world.backend.stop(); // hangs (jest's timeout) if the shutdown waits for the build
    // the lock was never given up: the build was cancelled, not finished; nothing of it was kept
    expect((await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE pid = pg_backend_pid() AND mode = 'ShareLock' AND relation = 'report_deal_cohorts'::regclass`)).rows[0].n).toBe(1);
    await holder.query('ROLLBACK');
    expect(await built()).toBe('UTC');
    expect((await sql(world, `SELECT zones FROM report_summary_state`))[0].zones).toContain('Europe/Budapest');
  }, 60_000);
});
