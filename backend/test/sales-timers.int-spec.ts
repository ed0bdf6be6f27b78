import { Api } from '../../test/support/api';
import { createWorld, sql, type World } from './fixtures';
import { eventually, internal, restart, runsOf, stageOf, waitForStage } from './sales-support';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

// Durable timers: kept in PostgreSQL, fired by the polling scheduler against a clock the test moves.
let world: World;
let smtp: SmtpSink;
let mails: SmtpSink['mails'];

const MIN = 60_000;
const advance = (ms: number) => internal(world).post('/api/internal/test/clock', { advanceMs: ms });
const tick = () => internal(world).post('/api/internal/automation/tick');

beforeAll(async () => {
  smtp = await startSmtpSink();
  mails = smtp.mails;
  world = await createWorld({ env: { AUTOMATION_POLL_MS: '200', SMTP_URL: smtp.url } });
});

// PostgreSQL stamps rows with real time; each test starts with the server clock back at real time,
// so that a timer armed now is not already overdue from an earlier test's offset.
beforeEach(async () => {
  await internal(world).post('/api/internal/test/clock', { offsetMs: 0 });
});

afterAll(async () => {
  await world?.backend.destroy();
  await smtp?.close();
});

/** Tokens survive a restart (same secret); the Api objects keep working. */
async function notificationsFor(api: Api, dealId: string): Promise<any[]> {
  const res = await api.get('/api/notifications?limit=200');
  return res.body.filter((n: any) => n.dealId === dealId);
}

describe('speed to lead: an Unsorted deal untouched for 10 minutes', () => {
  it('should alert the Heads in the app and by email exactly once, across a restart in the middle of the wait', async () => {
    const deal = (await world.head.post('/api/deals', { title: 'Speedy lead', ownerId: null, stageId: world.stages['Unsorted'] })).body;
    await advance(5 * MIN);
    await tick();
    expect(await notificationsFor(world.head, deal.id)).toEqual([]);

    await restart(world);
    await advance(6 * MIN);
    // No tick: the restarted scheduler finds the timer in PostgreSQL on its own.
    const [alert] = await eventually(async () => {
      const n = await notificationsFor(world.head, deal.id);
      return n.length ? n : null;
    }, 15_000, 'the speed-to-lead alert');
    expect(alert).toMatchObject({ title: expect.stringContaining('Speed to lead'), body: expect.stringContaining('Speedy lead'), readAt: null });
    const mail = await eventually(async () => mails.find((m) => m.raw.includes('Untouched lead: Speedy lead')), 15_000, 'the email');
    expect(mail.to).toEqual(['head@example.com']);

    await restart(world);
    await tick();
    await tick();
    expect(await notificationsFor(world.head, deal.id)).toHaveLength(1);
    expect(await runsOf(world, 'speed_to_lead', deal.id)).toHaveLength(1);
    expect(mails.filter((m) => m.raw.includes('Untouched lead: Speedy lead'))).toHaveLength(1);
    // Sellers hear nothing of it; the Head marks it read.
    expect(await notificationsFor(world.alice, deal.id)).toEqual([]);
    expect((await world.head.post(`/api/notifications/${alert.id}/read`)).body.readAt).toEqual(expect.any(String));
    expect((await world.alice.post(`/api/notifications/${alert.id}/read`)).status).toBe(404);
  });

  it('should not alert when the deal was taken in time', async () => {
    const deal = (await world.head.post('/api/deals', { title: 'Taken lead', ownerId: null, stageId: world.stages['Unsorted'] })).body;
    await world.bob.post(`/api/deals/${deal.id}/move`, { stageId: world.stages['New'] });
    await advance(11 * MIN);
    await tick();
    expect(await notificationsFor(world.head, deal.id)).toEqual([]);
  });
});

describe('stage limits and forgotten deals', () => {
  it("should nudge the owner when a deal stays longer than its stage's limit", async () => {
    const deal = (await world.alice.post('/api/deals', { title: 'Stuck deal' })).body; // New: 48 h limit
    await advance(47 * 60 * MIN);
    await tick();
    expect(await notificationsFor(world.alice, deal.id)).toEqual([]);
    await advance(2 * 60 * MIN);
    await tick();
    const [nudge] = await notificationsFor(world.alice, deal.id);
    expect(nudge.body).toBe('"Stuck deal" has been in New longer than its limit');
    expect(await notificationsFor(world.bob, deal.id)).toEqual([]);
  });

  it('should move an open deal without contact for 30 days to Forgotten, but not one contacted since', async () => {
    const quiet = (await world.alice.post('/api/deals', { title: 'Quiet deal' })).body;
    const talked = (await world.alice.post('/api/deals', { title: 'Talked-to deal' })).body;
    await advance(20 * 24 * 60 * MIN);
    await tick();
    const { now } = (await advance(0)).body;
    await sql(world, `UPDATE deals SET last_contact_at = $2 WHERE id = $1`, [talked.id, now]);
    await advance(11 * 24 * 60 * MIN);
    await tick();
    await waitForStage(world, quiet.id, 'Forgotten');
    expect(await stageOf(world, talked.id)).toBe('New');
    const moved = (await world.head.get(`/api/deals/${quiet.id}/events`)).body.find((e: any) => e.type === 'moved');
    expect(moved).toMatchObject({ actorKind: 'system', data: { toStageName: 'Forgotten', ruleName: expect.stringContaining('30 days') } });
    expect((await world.alice.get(`/api/deals/${quiet.id}`)).body.status).toBe('lost');
  });
});
