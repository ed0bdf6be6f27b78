import { Client } from 'pg';
import { QualificationList1732300000060 } from '../src/database/migrations/1732300000060-qualification-list';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, sql, type World } from './fixtures';
import { call, waitForStage } from './sales-support';

// Issue 5's gaps: a lost reason on every person's path to Lost, qualification as a fixed list,
// and live task events that reach only those who may see the task.

let world: World;

beforeAll(async () => {
  world = await createWorld({ env: { AUTOMATION_POLL_MS: '200' } });
});

afterAll(async () => {
  await world?.backend.destroy();
});

async function aliceDeal(title: string, stage = 'New'): Promise<string> {
  const res = await world.alice.post('/api/deals', { title, stageId: world.stages[stage] });
  expect(res.status).toBe(201);
  return res.body.id;
}

const eventCount = async (dealId: string) => (await sql(world, `SELECT count(*)::int AS n FROM deal_events WHERE deal_id = $1`, [dealId]))[0].n;

async function setLostReasons(required: boolean) {
  const res = await world.head.request('PUT', '/api/settings/lost-reasons', { reasons: ['price', 'competitor', 'no_budget', 'not_interested', 'unreachable', 'other'], required });
  expect(res.status).toBe(200);
}

describe('moving a deal to a lost stage', () => {
  afterAll(() => setLostReasons(false));

  it('should refuse a move to Lost without a reason when the Head made it required, and write nothing', async () => {
    await setLostReasons(true);
    const id = await aliceDeal('No reason given');
    const before = await eventCount(id);
    const res = await world.alice.post(`/api/deals/${id}/move`, { stageId: world.stages['Lost'] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LOST_REASON_REQUIRED');
    expect(res.body.details).toMatchObject({ reasons: expect.arrayContaining(['price']) });
    const deal = (await world.alice.get(`/api/deals/${id}`)).body;
    expect(deal).toMatchObject({ stageId: world.stages['New'], status: 'open', lostReason: null });
    expect(await eventCount(id)).toBe(before);
    // the other lost-group stage asks too
    const forgotten = await world.alice.post(`/api/deals/${id}/move`, { stageId: world.stages['Forgotten'] });
    expect([forgotten.status, forgotten.body.code]).toEqual([400, 'LOST_REASON_REQUIRED']);
  });

  it('should refuse a reason that is not in the Head\'s list', async () => {
    await setLostReasons(false);
    const id = await aliceDeal('Odd reason');
    const res = await world.alice.post(`/api/deals/${id}/move`, { stageId: world.stages['Lost'], lostReason: 'bad_weather' });
    expect([res.status, res.body.code]).toEqual([400, 'LOST_REASON_UNKNOWN']);
    expect((await world.alice.get(`/api/deals/${id}`)).body.stageId).toBe(world.stages['New']);
    const tooLong = await world.alice.post(`/api/deals/${id}/move`, { stageId: world.stages['Lost'], lostReason: 'x'.repeat(41) });
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('should move with the reason and say why on the timeline', async () => {
    await setLostReasons(true);
    const id = await aliceDeal('Too expensive');
    const res = await world.alice.post(`/api/deals/${id}/move`, { stageId: world.stages['Lost'], lostReason: 'price' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stageId: world.stages['Lost'], status: 'lost', lostReason: 'price' });
    const events = (await world.alice.get(`/api/deals/${id}/events`)).body;
    expect(events.find((e: any) => e.type === 'moved')).toMatchObject({ actorId: world.ids.alice, data: { toStageName: 'Lost', lostReason: 'price' } });
    expect(events.find((e: any) => e.type === 'edited')).toMatchObject({ data: { changes: { lostReason: { from: null, to: 'price' } } } });
  });

  it('should move without a reason when the Head left it optional, and not ask again inside the lost group', async () => {
    await setLostReasons(false);
    const id = await aliceDeal('Went quiet');
    const res = await world.alice.post(`/api/deals/${id}/move`, { stageId: world.stages['Lost'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'lost', lostReason: null });
    await setLostReasons(true);
    // Lost → Forgotten does not close it again; reordering inside Lost neither
    expect((await world.alice.post(`/api/deals/${id}/move`, { stageId: world.stages['Forgotten'] })).status).toBe(200);
    expect((await world.alice.post(`/api/deals/${id}/move`, { stageId: world.stages['Forgotten'], position: -5000 })).status).toBe(200);
  });

  it('should ask close-lost for the same reasons (one rule for both paths)', async () => {
    await setLostReasons(true);
    const id = await aliceDeal('Closed by button');
    const res = await world.alice.post(`/api/deals/${id}/close-lost`, {});
    expect([res.status, res.body.code]).toEqual([400, 'LOST_REASON_REQUIRED']);
    const ok = await world.alice.post(`/api/deals/${id}/close-lost`, { reason: 'competitor' });
    expect(ok.status).toBe(200);
    const moved = (await world.alice.get(`/api/deals/${id}/events`)).body.find((e: any) => e.type === 'moved');
    expect(moved.data.lostReason).toBe('competitor');
  });

  it('should let a rule move a deal to Lost with its own reason while a reason is required', async () => {
    await setLostReasons(true);
    const rule = await world.head.post('/api/automation/rules', {
      name: 'Not our audience',
      trigger: { type: 'event', event: 'deal.field_changed' },
      conditions: [
        { field: 'event.field', op: 'eq', value: 'qualification' },
        { field: 'deal.qualification', op: 'eq', value: 'not_target_group' },
      ],
      actions: [{ type: 'move_stage', stageKey: 'lost', lostReason: 'not_interested' }],
    });
    expect(rule.status).toBe(201);
    try {
      const id = await aliceDeal('Wrong audience');
      expect((await world.alice.patch(`/api/deals/${id}`, { qualification: 'not_target_group' })).status).toBe(200);
      await waitForStage(world, id, 'Lost');
      expect((await world.alice.get(`/api/deals/${id}`)).body).toMatchObject({ status: 'lost', lostReason: 'not_interested' });
    } finally {
      await world.head.patch(`/api/automation/rules/${rule.body.id}`, { enabled: false });
    }
  });
});

describe('qualification', () => {
  it('should take the two values and null, and refuse anything else with VALIDATION_FAILED', async () => {
    const id = await aliceDeal('Qualify me');
    for (const value of ['target_group', 'not_target_group', null]) {
      const res = await world.alice.patch(`/api/deals/${id}`, { qualification: value });
      expect([res.status, res.body.qualification]).toEqual([200, value]);
    }
    for (const value of ['Target group', 'maybe', '', 42]) {
      const res = await world.alice.patch(`/api/deals/${id}`, { qualification: value });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.details[0].path).toEqual(['qualification']);
    }
    expect((await world.alice.get(`/api/deals/${id}`)).body.qualification).toBeNull();
  });

  it('should be held by the database too', async () => {
    const id = await aliceDeal('Direct write');
    await expect(sql(world, `UPDATE deals SET qualification = 'sort of' WHERE id = $1`, [id])).rejects.toThrow(/deals_qualification_check/);
  });

  it('should map the old free text when migrating, and note every change on the timeline', async () => {
    const ids = await Promise.all(['TG', 'Target Group', ' non-target ', 'maybe later', 'not_target_group'].map((t, i) => aliceDeal(`Old text ${i}`)));
    const client = new Client({ connectionString: world.backend.databaseUrl });
    await client.connect();
    try {
      // as the data stood before the list: free text, no constraint
      await client.query(`ALTER TABLE deals DROP CONSTRAINT deals_qualification_check`);
      const texts = ['TG', 'Target Group', ' non-target ', 'maybe later', 'not_target_group'];
      for (let i = 0; i < ids.length; i++) await client.query(`UPDATE deals SET qualification = $2 WHERE id = $1`, [ids[i], texts[i]]);
      await new QualificationList1732300000060().up({ query: (text: string, params?: unknown[]) => client.query(text, params).then((r) => r.rows) } as never);
      const rows = (await client.query(`SELECT id, qualification FROM deals WHERE id = ANY($1::uuid[])`, [ids])).rows;
      const by = new Map(rows.map((r) => [r.id, r.qualification]));
      expect(ids.map((id) => by.get(id))).toEqual(['target_group', 'target_group', 'not_target_group', null, 'not_target_group']);
      const logged = (await client.query(`SELECT deal_id, data FROM deal_events WHERE type = 'edited' AND data->>'reason' = 'qualification_list' AND deal_id = ANY($1::uuid[])`, [ids])).rows;
      expect(logged.map((r) => r.data.changes.qualification.from).sort()).toEqual([' non-target ', 'TG', 'Target Group', 'maybe later']);
      await expect(client.query(`UPDATE deals SET qualification = 'x' WHERE id = $1`, [ids[0]])).rejects.toThrow(/deals_qualification_check/);
    } finally {
      await client.end();
    }
  });
});

describe('live tasks', () => {
  let head: RecordingSocket;
  let alice: RecordingSocket;
  let bob: RecordingSocket;

  beforeAll(async () => {
    [head, alice, bob] = await Promise.all([
      RecordingSocket.connect(world.backend.url, world.tokens.head),
      RecordingSocket.connect(world.backend.url, world.tokens.alice),
      RecordingSocket.connect(world.backend.url, world.tokens.bob),
    ]);
  });

  afterAll(() => {
    for (const s of [head, alice, bob]) s?.close();
  });

  /** Events reach a socket in the order sent; an inbox deal reaches all three, so whatever was sent before it has arrived. */
  async function barrier(): Promise<void> {
    const { body } = await world.head.post('/api/deals', { title: `barrier ${Math.random()}`, ownerId: null, stageId: world.stages['Unsorted'] });
    await Promise.all([head, alice, bob].map((s) => s.waitFor('deal.created', (d) => d.id === body.id)));
  }

  const aboutTask = (id: string) => (p: any) => p?.id === id;

  it('should send each change of Alice\'s task to Alice and the Head, and nothing to Bob', async () => {
    const dealId = await aliceDeal('Task deal');
    const created = await world.alice.post('/api/tasks', { title: 'Call back Monday', type: 'call_back', dealId, dueAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(created.status).toBe(201);
    const id = created.body.id;
    for (const s of [alice, head]) expect((await s.waitFor('task.changed', aboutTask(id))).payload).toMatchObject({ id, title: 'Call back Monday', status: 'open', dealId });

    await world.alice.patch(`/api/tasks/${id}`, { title: 'Call back Tuesday' });
    await alice.waitFor('task.changed', (t) => t.id === id && t.title === 'Call back Tuesday');
    await world.alice.post(`/api/tasks/${id}/complete`);
    const done = await alice.waitFor('task.changed', (t) => t.id === id && t.status === 'done');
    expect(done.payload.completedAt).toEqual(expect.any(String));
    await head.waitFor('task.changed', (t) => t.id === id && t.status === 'done');
    await world.alice.post(`/api/tasks/${id}/reopen`);
    await alice.waitFor('task.changed', (t) => t.id === id && t.status === 'open' && t.completedAt === null);

    expect((await world.alice.delete(`/api/tasks/${id}`)).status).toBe(204);
    for (const s of [alice, head]) expect((await s.waitFor('task.removed', aboutTask(id))).payload).toEqual({ id, dealId });
    expect((await world.alice.get(`/api/tasks/${id}`)).status).toBe(404);
    expect((await world.alice.get(`/api/deals/${dealId}/events`)).body.some((e: any) => e.type === 'task' && e.data.action === 'deleted')).toBe(true);

    await barrier();
    expect(bob.received.filter((r) => r.event.startsWith('task.'))).toEqual([]);
    // complete twice is one change: no second event
    expect(alice.events('task.changed', (t) => t.id === id && t.status === 'done')).toHaveLength(1);
  });

  it('should take a reassigned task off the old assignee\'s lists and put it on the new one\'s', async () => {
    const created = await world.head.post('/api/tasks', { title: 'Handover task', assigneeId: world.ids.alice });
    const id = created.body.id;
    await alice.waitFor('task.changed', aboutTask(id));
    await world.head.patch(`/api/tasks/${id}`, { assigneeId: world.ids.bob });
    await alice.waitFor('task.removed', aboutTask(id));
    expect((await bob.waitFor('task.changed', aboutTask(id))).payload.assigneeId).toBe(world.ids.bob);
    await barrier();
    expect(head.events('task.removed', aboutTask(id))).toEqual([]);
    expect(alice.events('task.changed', aboutTask(id))).toHaveLength(1);
  });

  it('should send a task a rule created to the deal owner, and refuse Bob\'s delete of Alice\'s task', async () => {
    const dealId = await aliceDeal('Rule task deal');
    // the default rule: first answered conversation → a call-back task for the owner
    await call(world, dealId, 'answered', 'outbound', world.ids.alice);
    const ruleTask = await alice.waitFor('task.changed', (t) => t.dealId === dealId && t.createdBy === null, 10_000);
    expect(ruleTask.payload.assigneeId).toBe(world.ids.alice);
    expect((await world.bob.delete(`/api/tasks/${ruleTask.payload.id}`)).status).toBe(404);
    await barrier();
    expect(bob.received.filter((r) => r.event.startsWith('task.') && (r.payload.id === ruleTask.payload.id || r.payload.dealId === dealId))).toEqual([]);
  });
});
