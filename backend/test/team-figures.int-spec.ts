import { defaultPipeline } from '../../test/support/api';
import { createWorld, sql, type World } from './fixtures';

// GET /api/team/today: each rep's calls, talk time, missed calls and deals moved today, for Heads only.
let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world?.backend.destroy();
});

let n = 0;
async function call(c: { direction: 'inbound' | 'outbound'; userId?: string | null; answeredBy?: string | null; talk?: number; rang?: string[]; hoursAgo?: number }) {
  const at = new Date(Date.now() - (c.hoursAgo ?? 0) * 3_600_000);
  const answered = c.answeredBy != null;
  await sql(
    world,
    `INSERT INTO calls (sip_call_id, direction, user_id, answered_by, offered_at, answered_at, ended_at, outcome, duration_sec, rang_user_ids)
     VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8, $9::uuid[])`,
    [`team-${++n}`, c.direction, c.userId ?? null, c.answeredBy ?? null, at, answered ? at : null, answered ? 'completed' : 'missed', answered ? (c.talk ?? 0) : null, c.rang ?? []],
  );
}

describe('team figures for today', () => {
  it("should count each rep's calls, talk time, missed calls and moved deals of today, and only today's", async () => {
    const { alice, bob } = world.ids;
    await call({ direction: 'inbound', answeredBy: alice, talk: 120, rang: [alice, bob] });
    await call({ direction: 'outbound', userId: alice, answeredBy: alice, talk: 30 });
    await call({ direction: 'outbound', userId: alice }); // an attempt nobody answered: a call, no talk
    await call({ direction: 'inbound', rang: [alice, bob] }); // missed by both
    await call({ direction: 'inbound', userId: bob }); // missed, Bob's own
    await call({ direction: 'inbound', answeredBy: bob, talk: 999, hoursAgo: 48 }); // not today

    const pipeline = await defaultPipeline(world.head);
    const deal = (await world.alice.post('/api/deals', { title: 'Moved twice' })).body;
    expect((await world.alice.post(`/api/deals/${deal.id}/move`, { stageId: pipeline.stageId('In progress') })).status).toBeLessThan(300);
    expect((await world.alice.post(`/api/deals/${deal.id}/move`, { stageId: pipeline.stageId('Serious prospect') })).status).toBeLessThan(300);
    const other = (await world.bob.post('/api/deals', { title: 'Moved and deleted' })).body;
    expect((await world.bob.post(`/api/deals/${other.id}/move`, { stageId: pipeline.stageId('In progress') })).status).toBeLessThan(300);
    expect((await world.head.delete(`/api/deals/${other.id}`)).status).toBeLessThan(300);

    const res = await world.head.get('/api/team/today');
    expect(res.status).toBe(200);
    const of = (id: string) => res.body.reps.find((r: { userId: string }) => r.userId === id);
    expect(of(alice)).toMatchObject({ name: 'Alice Seller', calls: 3, talkSeconds: 150, missed: 1, dealsMoved: 1 });
    expect(of(bob)).toMatchObject({ calls: 0, talkSeconds: 0, missed: 2, dealsMoved: 0 });
    expect(of(world.ids.head)).toMatchObject({ calls: 0, talkSeconds: 0, missed: 0, dealsMoved: 0 });
  });

  it('should refuse a Seller, and a request without a session', async () => {
    expect((await world.alice.get('/api/team/today')).status).toBe(403);
    expect((await world.alice.as(null).get('/api/team/today')).status).toBe(401);
  });
});
