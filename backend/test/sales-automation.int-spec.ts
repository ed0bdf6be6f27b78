import { createWorld, sql, type World } from './fixtures';
import { call, emitCall, internal, runsOf, stageOf, waitForStage } from './sales-support';

let world: World;

beforeAll(async () => {
  world = await createWorld({ env: { AUTOMATION_POLL_MS: '200' } });
});

afterAll(async () => {
  await world?.backend.destroy();
});

/** Lets the events in flight and the rules they fire settle. */
const settle = () => internal(world).post('/api/internal/automation/tick');

async function aliceDeal(title: string): Promise<string> {
  const res = await world.alice.post('/api/deals', { title });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function timeline(dealId: string): Promise<any[]> {
  return (await world.head.get(`/api/deals/${dealId}/events`)).body;
}

describe('default rules, end to end through the API', () => {
  it('should move an Unsorted deal to New when the Head assigns it, recorded as the system with the rule', async () => {
    const deal = (await world.head.post('/api/deals', { title: 'Inbox lead', ownerId: null, stageId: world.stages['Unsorted'] })).body;
    await world.head.patch(`/api/deals/${deal.id}`, { ownerId: world.ids.alice });
    await waitForStage(world, deal.id, 'New');
    const moved = (await timeline(deal.id)).find((e) => e.type === 'moved');
    expect(moved).toMatchObject({ actorKind: 'system', actorId: null, data: { toStageName: 'New', ruleName: expect.stringContaining('Unsorted') } });
    expect(moved.data.ruleId).toEqual(expect.any(String));
  });

  it('should move to No answer on an unanswered outbound attempt, and to Lost "unreachable" on the sixth', async () => {
    const id = await aliceDeal('Hard to reach');
    await call(world, id, 'missed', 'outbound', world.ids.alice);
    await waitForStage(world, id, 'No answer');
    for (let i = 2; i <= 5; i++) await call(world, id, 'missed', 'outbound', world.ids.alice);
    await settle();
    expect(await stageOf(world, id)).toBe('No answer');
    await call(world, id, 'missed', 'outbound', world.ids.alice);
    await waitForStage(world, id, 'Lost');
    const deal = (await world.alice.get(`/api/deals/${id}`)).body;
    expect(deal).toMatchObject({ status: 'lost', lostReason: 'unreachable' });
  });

  it('should not move on an inbound missed call (only outbound attempts count)', async () => {
    const id = await aliceDeal('Called us');
    await call(world, id, 'missed', 'inbound');
    await settle();
    expect(await stageOf(world, id)).toBe('New');
  });

  it('should act once per cause when the same call event arrives twice', async () => {
    const id = await aliceDeal('Duplicate events');
    const callId = await call(world, id, 'missed', 'outbound', world.ids.alice);
    await emitCall(world, callId, id, 'missed', 'outbound');
    await emitCall(world, callId, id, 'missed', 'outbound');
    await settle();
    expect(await stageOf(world, id)).toBe('No answer');
    expect(await runsOf(world, 'no_answer', id)).toHaveLength(1);
  });

  it('should move to Initial contact on the first conversation with a follow-up task 2 days later, and to In progress on the second', async () => {
    const id = await aliceDeal('Talkative');
    await call(world, id, 'answered', 'outbound', world.ids.alice);
    await waitForStage(world, id, 'Initial contact');
    await settle();
    const tasks = (await world.alice.get(`/api/tasks?dealId=${id}`)).body;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ type: 'call_back', status: 'open', assigneeId: world.ids.alice, createdBy: null });
    const hours = (Date.parse(tasks[0].dueAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThan(48.1);
    const taskEvent = (await timeline(id)).find((e) => e.type === 'task');
    expect(taskEvent).toMatchObject({ actorKind: 'system', data: { action: 'created', ruleId: expect.any(String) } });

    await call(world, id, 'answered', 'inbound', world.ids.alice);
    await waitForStage(world, id, 'In progress');
  });

  it('should make a Serious prospect of a target-group deal with three completed tasks', async () => {
    const id = await aliceDeal('Qualified');
    await world.alice.patch(`/api/deals/${id}`, { qualification: 'target_group' });
    const taskIds: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const t = await world.alice.post('/api/tasks', { title: `Step ${i}`, dealId: id, dueAt: new Date().toISOString() });
      expect(t.status).toBe(201);
      taskIds.push(t.body.id);
    }
    await world.alice.post(`/api/tasks/${taskIds[0]}/complete`);
    await world.alice.post(`/api/tasks/${taskIds[1]}/complete`);
    await settle();
    expect(await stageOf(world, id)).toBe('New');
    await world.alice.post(`/api/tasks/${taskIds[2]}/complete`);
    await waitForStage(world, id, 'Serious prospect');
  });

  it('should also promote when the qualification comes after the third task', async () => {
    const id = await aliceDeal('Qualified late');
    for (let i = 1; i <= 3; i++) {
      const t = (await world.alice.post('/api/tasks', { title: `Step ${i}`, dealId: id })).body;
      await world.alice.post(`/api/tasks/${t.id}/complete`);
    }
    await settle();
    expect(await stageOf(world, id)).toBe('New');
    await world.alice.patch(`/api/deals/${id}`, { qualification: 'target_group' });
    await waitForStage(world, id, 'Serious prospect');
  });
});

describe('rules as data', () => {
  it('should let a Head disable a rule, and then it does nothing', async () => {
    const rules = (await world.head.get('/api/automation/rules')).body;
    const rule = rules.find((r: any) => r.systemKey === 'no_answer');
    expect(rule.summary).toMatch(/^When a call is missed, if call direction is "outbound" and stage is one of Unsorted, New/);
    expect((await world.head.patch(`/api/automation/rules/${rule.id}`, { enabled: false })).body.enabled).toBe(false);
    const id = await aliceDeal('Rule off');
    await call(world, id, 'missed', 'outbound', world.ids.alice);
    await settle();
    expect(await stageOf(world, id)).toBe('New');
    await world.head.patch(`/api/automation/rules/${rule.id}`, { enabled: true });
    const runs = (await world.head.get(`/api/automation/rules/${rule.id}/runs`)).body;
    expect(runs.length).toBeGreaterThan(0);
    expect(runs[0]).toMatchObject({ outcome: 'acted', actions: [expect.objectContaining({ type: 'move_stage' })] });
  });

  it('should never loop: two rules that undo each other fire once each per cause', async () => {
    const mk = (name: string, from: string, to: string) =>
      world.head.post('/api/automation/rules', {
        name,
        trigger: { type: 'event', event: 'deal.stage_changed' },
        conditions: [
          { field: 'event.toStageKey', op: 'eq', value: from },
          { field: 'deal.qualification', op: 'eq', value: 'not_target_group' },
        ],
        actions: [{ type: 'move_stage', stageKey: to }],
      });
    const a = await mk('Loop A', 'in_progress', 'initial_contact');
    const b = await mk('Loop B', 'initial_contact', 'in_progress');
    expect([a.status, b.status]).toEqual([201, 201]);
    const id = await aliceDeal('Ping pong');
    await world.alice.patch(`/api/deals/${id}`, { qualification: 'not_target_group' });
    await world.alice.post(`/api/deals/${id}/move`, { stageId: world.stages['In progress'] });
    await settle();
    await settle();
    const [runsA, runsB] = await Promise.all(
      [a.body.id, b.body.id].map((rid) => sql(world, `SELECT count(*)::int AS n FROM automation_runs WHERE rule_id = $1`, [rid])),
    );
    expect([runsA[0].n, runsB[0].n]).toEqual([1, 1]);
    expect(await stageOf(world, id)).toBe('In progress');
    for (const r of [a.body, b.body]) await world.head.patch(`/api/automation/rules/${r.id}`, { enabled: false });
  });

  it('should refuse a rule whose condition names a missing field, and save nothing', async () => {
    const before = await sql(world, `SELECT count(*)::int AS n FROM automation_rules`);
    const res = await world.head.post('/api/automation/rules', {
      name: 'Broken',
      trigger: { type: 'event', event: 'task.completed' },
      conditions: [{ field: 'deal.colour', op: 'eq', value: 'red' }],
      actions: [{ type: 'move_stage', stageKey: 'won' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('RULE_FIELD_UNKNOWN');
    expect(res.body.details[0].path).toEqual(['conditions', 0, 'field']);
    const wrongEvent = await world.head.post('/api/automation/rules', {
      name: 'Wrong event field',
      trigger: { type: 'event', event: 'task.completed' },
      conditions: [{ field: 'event.offerStatus', op: 'eq', value: 'sent' }],
      actions: [{ type: 'move_stage', stageKey: 'won' }],
    });
    expect([wrongEvent.status, wrongEvent.body.code]).toEqual([400, 'RULE_FIELD_UNKNOWN']);
    const badStage = await world.head.post('/api/automation/rules', {
      name: 'Bad stage',
      trigger: { type: 'event', event: 'task.completed' },
      conditions: [],
      actions: [{ type: 'move_stage', stageKey: 'nowhere' }],
    });
    expect([badStage.status, badStage.body.code]).toEqual([400, 'RULE_INVALID']);
    const badOp = await world.head.post('/api/automation/rules', {
      name: 'Bad op',
      trigger: { type: 'event', event: 'task.completed' },
      conditions: [{ field: 'deal.stageKey', op: 'gte', value: 3 }],
      actions: [{ type: 'move_stage', stageKey: 'won' }],
    });
    expect([badOp.status, badOp.body.code]).toEqual([400, 'RULE_INVALID']);
    expect(await sql(world, `SELECT count(*)::int AS n FROM automation_rules`)).toEqual(before);
  });

  it('should keep rules to the Head', async () => {
    expect((await world.alice.get('/api/automation/rules')).status).toBe(403);
    expect((await world.head.get('/api/automation/catalog')).body.fields.map((f: any) => f.field)).toContain('deal.completedTasks');
  });
});
