import { Client } from 'pg';
import { createWorld, sql, type World } from './fixtures';
import { emitCall, eventually, runsOf } from './sales-support';

// The drainers stop as soon as the outbox has nothing for them (an empty look costs a transaction;
// they were a third of the calls path's round trips), but never leave a deal's later event behind
// its first one until the next poll: the poll is a minute here, so only the drainers can pass.

let world: World;

beforeAll(async () => {
  world = await createWorld({ env: { AUTOMATION_POLL_MS: '60000' } });
}, 60_000);

afterAll(async () => {
  await world?.backend.destroy();
});

const queued = async (dealId: string) =>
  (await sql(world, `SELECT count(*)::int AS n FROM automation_outbox WHERE deal_id = $1`, [dealId]))[0].n as number;

it("should handle a deal's second queued event right after its first, without waiting for the poll", async () => {
  const res = await world.alice.post('/api/deals', { title: 'Drain twice', stageId: world.stages['New'], amount: '0' });
  expect(res.status).toBe(201);
  const dealId = res.body.id as string;
  const calls = [`drain-${process.pid}-a`, `drain-${process.pid}-b`];
  for (const callId of calls) {
    await sql(
      world,
      `INSERT INTO calls (sip_call_id, direction, deal_id, user_id, offered_at, outcome, missed_reason, deal_created)
       VALUES ($1, 'outbound', $2, $3, now(), 'missed', 'no_answer', true)`,
      [callId, dealId, world.ids.alice],
    );
  }
  // the deal held elsewhere: both events queue; the second can be taken only after the first
  const holder = new Client({ connectionString: world.backend.databaseUrl });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(`SELECT id FROM deals WHERE id = $1 FOR UPDATE`, [dealId]);
    for (const callId of calls) await emitCall(world, callId, dealId, 'missed', 'outbound');
    expect(await queued(dealId)).toBe(2);
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  await eventually(async () => (await queued(dealId)) === 0, 5_000, 'both events handled (well before the 60 s poll)');
  const runs = await runsOf(world, 'no_answer', dealId);
  expect(runs.map((r) => r.cause_key)).toEqual([`call.missed:${calls[0]}`]);
});
