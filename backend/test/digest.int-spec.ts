import { createWorld, sql, type World } from './fixtures';
import { eventually, internal, restart } from './sales-support';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

// The daily digest through real SMTP (a loopback server), scheduled by a row in PostgreSQL against
// the clock the test moves.
let world: World;
let smtp: SmtpSink;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const tick = () => internal(world).post('/api/internal/digest/tick');
const schedule = async () => (await sql(world, `SELECT value FROM settings WHERE key = 'sales.daily_digest'`))[0]?.value;
const digestsQueued = async () =>
  (await sql(world, `SELECT count(*)::int AS n FROM outbound_emails WHERE subject LIKE 'Your day %' OR subject LIKE 'Team digest %'`))[0].n;
const mailTo = (address: string, subject: RegExp) => eventually(async () => smtp.mails.find((m) => m.to.includes(address) && subject.test(m.raw)), 15_000, `a digest to ${address}`);

beforeAll(async () => {
  smtp = await startSmtpSink();
  world = await createWorld({ env: { AUTOMATION_POLL_MS: '200', SMTP_URL: smtp.url } });
});

afterAll(async () => {
  await world?.backend.destroy();
  await smtp?.close();
});

describe('daily digest', () => {
  it('should mail each Seller whom to contact and whom they forgot, and the Heads the team, once a day at 07:00', async () => {
    const first = await eventually(schedule, 10_000, 'the digest schedule');
    const runAt = new Date(first.nextRunAt);
    expect(runAt.getTime()).toBeGreaterThan(Date.now());
    expect(runAt.toISOString()).toMatch(/T07:00:00\.000Z$/); // BUSINESS_TIMEZONE is UTC here
    expect(await tick().then((r) => r.body)).toEqual({ queued: 0 }); // not due yet

    const ok = async (p: Promise<{ status: number; body: any }>) => {
      const r = await p;
      if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    await ok(world.alice.post('/api/deals', { title: 'Fresh lead' }));
    const aliceDeal = await ok(world.alice.post('/api/deals', { title: 'Harbour cranes' }));
    await ok(world.alice.post('/api/tasks', { title: 'Send the crane quote', dealId: aliceDeal.id, dueAt: new Date(runAt.getTime() + 2 * HOUR).toISOString() }));
    await ok(world.alice.post('/api/tasks', { title: 'Confirm the budget', dealId: aliceDeal.id, dueAt: new Date(runAt.getTime() - 2 * DAY).toISOString() }));
    const quiet = await ok(world.alice.post('/api/deals', { title: 'Quiet warehouse' }));
    // contacted yesterday (neither a new lead nor forgotten), and 20 days ago (forgotten)
    await sql(world, `UPDATE deals SET last_contact_at = $2 WHERE id = $1`, [aliceDeal.id, new Date(runAt.getTime() - DAY)]);
    await sql(world, `UPDATE deals SET last_contact_at = $2 WHERE id = $1`, [quiet.id, new Date(runAt.getTime() - 20 * DAY)]);
    await ok(world.bob.post('/api/deals', { title: 'Bob private lead' }));

    // the server's clock to one minute past the run
    await internal(world).post('/api/internal/test/clock', { offsetMs: runAt.getTime() - Date.now() + 60_000 });
    await tick(); // the poller may have been first: either way the mails go out once

    const alice = await mailTo('alice@example.com', /Subject: Your day/);
    for (const text of ['Fresh lead', 'Send the crane quote', 'Confirm the budget', 'No contact for 20 days: Quiet warehouse']) expect(alice.raw).toContain(text);
    expect(alice.raw).toMatch(/Whom to contact today \(2\)/);
    expect(alice.raw).toMatch(/Whom you forgot \(2\)/);
    expect(alice.raw).not.toContain('Bob private lead');
    const bob = await mailTo('bob@example.com', /Subject: Your day/);
    expect(bob.raw).toContain('Bob private lead');
    expect(bob.raw).not.toContain('Fresh lead');
    const head = await mailTo('head@example.com', /Subject: Team digest/);
    expect(head.raw).toContain('Alice Seller: 2 to contact today, 2 forgotten');
    expect(head.raw).toContain('Bob Seller: 1 to contact today, 0 forgotten');

    // once a day: more ticks later the same day queue nothing; the schedule moved to tomorrow 07:00
    await tick();
    await internal(world).post('/api/internal/test/clock', { advanceMs: 3 * HOUR });
    expect((await tick()).body).toEqual({ queued: 0 });
    expect(await digestsQueued()).toBe(3);
    const next = await schedule();
    expect(new Date(next.nextRunAt).getTime()).toBe(runAt.getTime() + DAY);

    // durable: after a restart, the next day's run comes from the row, once
    await restart(world);
    expect((await tick()).body).toEqual({ queued: 0 });
    await internal(world).post('/api/internal/test/clock', { advanceMs: DAY });
    await tick();
    await eventually(async () => (await digestsQueued()) === 6, 10_000, 'the next day\'s three digests');
    await tick();
    expect(await digestsQueued()).toBe(6);
  }, 60_000);
});
