import { Client } from 'pg';
import { createWorld, sql, type World } from './fixtures';
import { emitCall, eventually, internal, restart, runsOf, stageOf, waitForStage } from './sales-support';

// Issue 5: events the engine accepted survive a crash in automation_outbox and are handled once
// after the restart; a group of events with one failing rule loses none of the others.

let world: World;

beforeAll(async () => {
  world = await createWorld({ env: { AUTOMATION_POLL_MS: '200' } });
}, 60_000);

afterAll(async () => {
  await world?.backend.destroy();
});

let seq = 0;

/** Alice's deals in New, each with an unanswered outbound call on record (not yet announced). */
async function dealsWithMissedCalls(n: number, amount = '0'): Promise<{ dealId: string; callId: string }[]> {
  const out: { dealId: string; callId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const res = await world.alice.post('/api/deals', { title: `Outbox ${++seq}`, stageId: world.stages['New'], amount });
    expect(res.status).toBe(201);
    const callId = `outbox-${process.pid}-${seq}`;
    await sql(
      world,
      `INSERT INTO calls (sip_call_id, direction, deal_id, user_id, offered_at, outcome, missed_reason, deal_created)
       VALUES ($1, 'outbound', $2, $3, now(), 'missed', 'no_answer', true)`,
      [callId, res.body.id, world.ids.alice],
    );
    out.push({ dealId: res.body.id, callId });
  }
  return out;
}

/** Holds the deals' rows in another transaction: the engine takes their events but leaves them queued. */
async function holdDeals(dealIds: string[]): Promise<Client> {
  const holder = new Client({ connectionString: world.backend.databaseUrl });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query(`SELECT id FROM deals WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [dealIds]);
  return holder;
}

const queued = async (dealIds: string[]) =>
  (await sql(world, `SELECT count(*)::int AS n FROM automation_outbox WHERE deal_id = ANY($1::uuid[])`, [dealIds]))[0].n as number;

const movedEntries = async (dealId: string) =>
  (await sql(world, `SELECT count(*)::int AS n FROM deal_events WHERE deal_id = $1 AND type = 'moved'`, [dealId]))[0].n as number;

describe('the durable event queue', () => {
  it('should act exactly once on every event accepted before a SIGKILL, duplicates included, after the restart', async () => {
    const calls = await dealsWithMissedCalls(5);
    const dealIds = calls.map((c) => c.dealId);
    const holder = await holdDeals(dealIds);
    try {
      // Each 202 means the event is in the outbox; each is sent twice, as an at-least-once sender would.
      for (const c of calls) await emitCall(world, c.callId, c.dealId, 'missed', 'outbound');
      for (const c of calls) await emitCall(world, c.callId, c.dealId, 'missed', 'outbound');
      expect(await queued(dealIds)).toBe(10);
      await world.backend.kill();
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    // Nothing acted before the crash, and nothing was lost by it.
    for (const id of dealIds) expect(await runsOf(world, 'no_answer', id)).toHaveLength(0);
    expect(await queued(dealIds)).toBe(10);

    await restart(world);
    for (const id of dealIds) await waitForStage(world, id, 'No answer');
    await eventually(async () => (await queued(dealIds)) === 0, 10_000, 'the outbox to drain');
    await internal(world).post('/api/internal/automation/tick', {});
    for (const id of dealIds) {
      const runs = await runsOf(world, 'no_answer', id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ outcome: 'acted' });
      expect(await movedEntries(id)).toBe(1);
    }
  });

  it('should keep a deal\'s events in order and handle each once when they wait together', async () => {
    // Two causes on one deal, queued behind the held row: the second must see the first's move.
    const [c] = await dealsWithMissedCalls(1);
    const second = `${c.callId}-b`;
    await sql(
      world,
      `INSERT INTO calls (sip_call_id, direction, deal_id, user_id, offered_at, outcome, missed_reason, deal_created)
       VALUES ($1, 'outbound', $2, $3, now(), 'missed', 'no_answer', true)`,
      [second, c.dealId, world.ids.alice],
    );
    const holder = await holdDeals([c.dealId]);
    try {
      await emitCall(world, c.callId, c.dealId, 'missed', 'outbound');
      await emitCall(world, second, c.dealId, 'missed', 'outbound');
      expect(await queued([c.dealId])).toBe(2);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    await waitForStage(world, c.dealId, 'No answer');
    await internal(world).post('/api/internal/automation/tick', {});
    expect(await queued([c.dealId])).toBe(0);
    // The first moved it; the second found it already in No answer (conditions false): one run, one move.
    const runs = await runsOf(world, 'no_answer', c.dealId);
    expect(runs.map((r) => r.cause_key)).toEqual([`call.missed:${c.callId}`]);
    expect(await movedEntries(c.dealId)).toBe(1);
  });

  it('should record a failing rule against its own cause and still handle every other event of its group', async () => {
    // A rule that fails on one deal only: it moves to a stage that no longer exists.
    const made = await world.head.post(`/api/pipelines/${world.pipelineId}/stages`, { name: 'Short-lived', group: 'active' });
    expect(made.status).toBe(201);
    const rule = await world.head.post('/api/automation/rules', {
      name: 'Fails on amount 13',
      trigger: { type: 'event', event: 'call.missed' },
      conditions: [{ field: 'deal.amount', op: 'eq', value: 13 }],
      actions: [{ type: 'move_stage', stageId: made.body.id }],
    });
    expect(rule.status).toBe(201);
    expect((await world.head.request('DELETE', `/api/stages/${made.body.id}`, {})).status).toBeLessThan(300);

    const ok = await dealsWithMissedCalls(4);
    const [bad] = await dealsWithMissedCalls(1, '13');
    const all = [...ok, bad];
    // Held, then released together: the five events are taken as one group.
    const holder = await holdDeals(all.map((c) => c.dealId));
    try {
      for (const c of all) await emitCall(world, c.callId, c.dealId, 'missed', 'outbound');
      expect(await queued(all.map((c) => c.dealId))).toBe(5);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    for (const c of all) await waitForStage(world, c.dealId, 'No answer');
    await internal(world).post('/api/internal/automation/tick', {});
    expect(await queued(all.map((c) => c.dealId))).toBe(0);
    const failed = await sql(world, `SELECT deal_id AS "dealId", outcome, error FROM automation_runs WHERE rule_id = $1`, [rule.body.id]);
    expect(failed).toEqual([{ dealId: bad.dealId, outcome: 'failed', error: expect.any(String) }]);
    for (const c of all) expect(await runsOf(world, 'no_answer', c.dealId)).toHaveLength(1);
    expect(await stageOf(world, bad.dealId)).toBe('No answer');
  });
});
