import { Api } from '../../test/support/api';
import { startBackend, type StartedBackend } from '../../test/support/backend';
import { csvText, uploadImport, waitForImport } from '../../test/support/imports';
import { createWorld, sql, type World } from './fixtures';
import { eventually } from './sales-support';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

// Issue 18, ADR 0041: two real backend processes on one database, every background loop running on
// both with short polls. Timers, the daily digest and an import are each done once, whoever takes
// them; an import whose node is killed mid-run is finished by the other node. Each assertion counts
// what a duplicate would have written twice (rule runs, notifications, queued and sent mails, contacts).
// (Webhook deliveries drained by two nodes: webhooks.int-spec.ts, "exactly once when two backends drain".)

const MIN = 60_000;
const TIMED_DEALS = 120;
const IMPORT_ROWS = 3000;

let world: World;
let second: StartedBackend;
let smtp: SmtpSink;
/** Service-token clients of the two nodes. */
let nodes: Api[];

/** The test clock lives in each process (read from PostgreSQL at boot): both are moved together. */
const clockTo = (offsetMs: number) => Promise.all(nodes.map((n) => n.post('/api/internal/test/clock', { offsetMs })));
/** A pass of a loop on both nodes at the same moment, as their pollers may do. */
const bothAtOnce = (path: string) => Promise.all(nodes.map((n) => n.post(path)));

beforeAll(async () => {
  smtp = await startSmtpSink();
  world = await createWorld({
    env: {
      AUTOMATION_POLL_MS: '50',
      SMTP_URL: smtp.url,
      IMPORT_POLL_MS: '100',
      IMPORT_LEASE_MS: '1500',
      IMPORT_BATCH_ROWS: '50',
      IMPORT_BATCH_PAUSE_MS: '40',
      IMPORT_MAX_BYTES: '1000000',
    },
  });
  // the same secrets, database, imports and recordings folders: a second node of one deployment
  second = await startBackend({ databaseUrl: world.backend.databaseUrl, env: { ...world.backend.env } });
  nodes = [world.backend, second].map((b) => new Api(b.url, world.backend.env.PBX_SERVICE_TOKEN));
}, 90_000);

afterAll(async () => {
  await second?.stop();
  await world?.backend.destroy();
  await smtp?.close();
});

const count = async (text: string, params: unknown[] = []) => Number((await sql(world, text, params))[0].n);

describe('two backend nodes on one database', () => {
  it('should fire each due timer once: one rule run, one notification and one mail per deal', async () => {
    const heads = [world.head, new Api(second.url, world.tokens.head)];
    const deals: { id: string; title: string }[] = [];
    for (let i = 0; i < TIMED_DEALS; i += 10) {
      // written through both nodes, so both arm timers
      const made = await Promise.all(
        Array.from({ length: 10 }, (_, k) => heads[(i + k) % 2].post('/api/deals', { title: `Timed lead ${i + k}`, ownerId: null, stageId: world.stages['Unsorted'] })),
      );
      for (const r of made) {
        if (r.status !== 201) throw new Error(`deal: ${r.status} ${JSON.stringify(r.body)}`);
        deals.push({ id: r.body.id, title: r.body.title });
      }
    }
    const ids = deals.map((d) => d.id);
    const speedToLead = `SELECT id FROM automation_rules WHERE system_key = 'speed_to_lead'`;
    await eventually(
      async () => (await count(`SELECT count(*)::int AS n FROM automation_timers WHERE rule_id = (${speedToLead}) AND status = 'pending' AND subject_id = ANY($1)`, [ids])) === TIMED_DEALS,
      20_000,
      'the speed-to-lead timers armed',
    );

    // all due at once on both nodes' clocks; both pollers (50 ms) and two explicit passes race for them
    await clockTo(11 * MIN);
    await bothAtOnce('/api/internal/automation/tick');
    await eventually(
      async () => (await count(`SELECT count(*)::int AS n FROM automation_timers WHERE rule_id = (${speedToLead}) AND status = 'done' AND subject_id = ANY($1)`, [ids])) === TIMED_DEALS,
      30_000,
      'every timer fired',
    );
    await bothAtOnce('/api/internal/automation/tick');

    const runs = await sql(world, `SELECT deal_id, count(*)::int AS n FROM automation_runs WHERE rule_id = (${speedToLead}) AND deal_id = ANY($1) GROUP BY deal_id`, [ids]);
    expect(runs).toHaveLength(TIMED_DEALS);
    expect(runs.filter((r) => r.n !== 1)).toEqual([]);
    const notified = await sql(world, `SELECT deal_id, count(*)::int AS n FROM notifications WHERE user_id = $2 AND rule_id = (${speedToLead}) AND deal_id = ANY($1) GROUP BY deal_id`, [ids, world.ids.head]);
    expect(notified).toHaveLength(TIMED_DEALS);
    expect(notified.filter((r) => r.n !== 1)).toEqual([]);
    const queued = await sql(world, `SELECT deal_id, count(*)::int AS n FROM outbound_emails WHERE subject LIKE 'Untouched lead:%' AND deal_id = ANY($1) GROUP BY deal_id`, [ids]);
    expect(queued).toHaveLength(TIMED_DEALS);
    expect(queued.filter((r) => r.n !== 1)).toEqual([]);

    // and over SMTP, each once, though both nodes' mailers flush the outbox
    await eventually(async () => (await count(`SELECT count(*)::int AS n FROM outbound_emails WHERE status <> 'sent' AND deal_id = ANY($1)`, [ids])) === 0, 30_000, 'the mails sent');
    const sent = smtp.mails.filter((m) => /Subject: Untouched lead: Timed lead/.test(m.raw)).map((m) => /Untouched lead: (Timed lead \d+)/.exec(m.raw)![1]);
    expect(sent).toHaveLength(TIMED_DEALS);
    expect(new Set(sent).size).toBe(TIMED_DEALS);
  }, 120_000);

  it('should queue and send the daily digest once per user, both nodes polling and ticking at the due time', async () => {
    for (const [api, title] of [
      [world.alice, 'Digest lead Alice'],
      [world.bob, 'Digest lead Bob'],
    ] as const) {
      expect((await api.post('/api/deals', { title })).status).toBe(201);
    }
    const [schedule] = await sql(world, `SELECT value FROM settings WHERE key = 'sales.daily_digest'`);
    const runAt = new Date(schedule.value.nextRunAt).getTime();
    const digests = `FROM outbound_emails WHERE (subject LIKE 'Your day %' OR subject LIKE 'Team digest %')`;
    expect(await count(`SELECT count(*)::int AS n ${digests}`)).toBe(0);

    // both clocks past the run, then several passes on both nodes at once
    await clockTo(Math.max(runAt - Date.now() + MIN, 12 * MIN));
    for (let i = 0; i < 5; i++) await bothAtOnce('/api/internal/digest/tick');
    await eventually(async () => {
      const [s] = await sql(world, `SELECT value FROM settings WHERE key = 'sales.daily_digest'`);
      return new Date(s.value.nextRunAt).getTime() > runAt;
    }, 10_000, 'the schedule moved to the next day');
    for (let i = 0; i < 3; i++) await bothAtOnce('/api/internal/digest/tick');

    const perUser = await sql(world, `SELECT to_address, count(*)::int AS n ${digests} GROUP BY to_address ORDER BY to_address`);
    expect(perUser).toEqual([
      { to_address: 'alice@example.com', n: 1 },
      { to_address: 'bob@example.com', n: 1 },
      { to_address: 'head@example.com', n: 1 },
    ]);
    await eventually(async () => (await count(`SELECT count(*)::int AS n ${digests} AND status <> 'sent'`)) === 0, 30_000, 'the digests sent');
    const sent = smtp.mails.filter((m) => /Subject: (Your day|Team digest)/.test(m.raw)).map((m) => m.to.join(','));
    expect(sent.sort()).toEqual(['alice@example.com', 'bob@example.com', 'head@example.com']);
  }, 60_000);

  it('should finish on the other node an import whose node is killed mid-run, with no row twice', async () => {
    const rows = [['Name', 'Phone', 'Company'], ...Array.from({ length: IMPORT_ROWS }, (_, i) => [`Moved ${i}`, `+36 70 3${String(i).padStart(6, '0')}`, 'node-moved'])];
    const up = await uploadImport(world.head, 'moved.csv', csvText(rows));
    expect(up.status).toBe(201);
    expect((await world.head.post(`/api/imports/${up.body.id}/run`, up.body.mapping)).status).toBe(200);
    await waitForImport(world.head, up.body.id, 30_000, (j) => j.rowsDone >= 100);

    // whichever node claimed it (the lease names the process) dies as a crash would
    const [{ owner }] = await sql(world, `SELECT lease_owner AS owner FROM import_jobs WHERE id = $1`, [up.body.id]);
    const pidOf = (o: string) => Number(o.split(':')[1]);
    const [doomed, survivor] = pidOf(owner) === world.backend.pid() ? [world.backend, second] : [second, world.backend];
    expect(pidOf(owner)).toBe(doomed.pid());
    await doomed.kill();
    const [{ cursor }] = await sql(world, `SELECT cursor FROM import_jobs WHERE id = $1`, [up.body.id]);
    expect(cursor - 1).toBeLessThan(IMPORT_ROWS);

    const job = await waitForImport(new Api(survivor.url, world.tokens.head), up.body.id, 60_000);
    expect(job).toMatchObject({ status: 'done', rowsDone: IMPORT_ROWS, created: IMPORT_ROWS, skipped: 0, rejected: 0 });
    const [{ n, distinct }] = await sql(world, `SELECT count(*)::int AS n, count(DISTINCT name)::int AS distinct FROM contacts WHERE company = 'node-moved'`);
    expect([n, distinct]).toEqual([IMPORT_ROWS, IMPORT_ROWS]);
    // taken over by the surviving process, not resumed by a restart
    expect(survivor.output()).toMatch(new RegExp(`import ${up.body.id}: running from row ${cursor + 1} \\([^)]*:${survivor.pid()}:`));
  }, 120_000);
});
