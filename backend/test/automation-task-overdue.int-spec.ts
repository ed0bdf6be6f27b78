import { createWorld, sql, type World } from './fixtures';
import { internal } from './sales-support';

// Issue 5: "task overdue by N hours" on a task with no deal notifies its assignee; conditions on
// deal fields are false there, and actions that need a deal are skipped with the reason recorded.

let world: World;
const HOUR = 3_600_000;

beforeAll(async () => {
  // No pass of its own during the test: the tick route runs them.
  world = await createWorld({ env: { AUTOMATION_POLL_MS: '60000' } });
}, 60_000);

afterAll(async () => {
  await world?.backend.destroy();
});

const advance = (ms: number) => internal(world).post('/api/internal/test/clock', { advanceMs: ms });
const tick = () => internal(world).post('/api/internal/automation/tick');

async function rule(body: Record<string, unknown>): Promise<string> {
  const res = await world.head.post('/api/automation/rules', body);
  expect(res.status).toBe(201);
  return res.body.id;
}

const runsFor = (ruleId: string, taskId: string) =>
  sql(world, `SELECT deal_id AS "dealId", outcome, actions FROM automation_runs WHERE rule_id = $1 AND cause_key LIKE $2`, [ruleId, `%:${taskId}:%`]);

describe('task overdue on a task with no deal', () => {
  it('should notify the assignee once, skip what needs a deal, and leave rules with deal conditions alone', async () => {
    const seeded = (await world.head.get('/api/automation/rules')).body.find((r: any) => r.systemKey === 'task_overdue');
    expect((await world.head.patch(`/api/automation/rules/${seeded.id}`, { enabled: true })).status).toBe(200);
    const trigger = { type: 'timer', timer: 'task_overdue', amount: 24, unit: 'hours' };
    const mixed = await rule({
      name: 'Overdue: move and tell',
      trigger,
      conditions: [],
      actions: [
        { type: 'move_stage', stageKey: 'in_progress' },
        { type: 'notify', to: 'owner', message: 'Still open: {deal.title} ({rule.name})' },
      ],
    });
    const dealOnly = await rule({
      name: 'Overdue in New only',
      trigger,
      conditions: [{ field: 'deal.stageKey', op: 'eq', value: 'new' }],
      actions: [{ type: 'notify', to: 'heads', message: 'An overdue task in New' }],
    });

    const due = new Date(Date.now() + HOUR).toISOString();
    const task = await world.alice.post('/api/tasks', { title: 'Renew the licence', type: 'other', dueAt: due });
    expect(task.status).toBe(201);
    expect(task.body.dealId).toBeNull();

    await advance(24 * HOUR);
    await tick();
    expect(await runsFor(seeded.id, task.body.id)).toEqual([]);

    await advance(2 * HOUR);
    await tick();
    await tick();

    const notes = (await world.alice.get('/api/notifications?limit=200')).body.filter((n: any) => n.ruleId === seeded.id || n.ruleId === mixed);
    expect(notes.map((n: any) => n.body).sort()).toEqual(['A task on "Renew the licence" is overdue by a day', 'Still open: Renew the licence (Overdue: move and tell)']);
    expect(notes.every((n: any) => n.dealId === null)).toBe(true);
    expect(await runsFor(seeded.id, task.body.id)).toEqual([{ dealId: null, outcome: 'acted', actions: [{ type: 'notify', userIds: [world.ids.alice] }] }]);
    expect(await runsFor(mixed, task.body.id)).toEqual([
      {
        dealId: null,
        outcome: 'acted',
        actions: [
          { type: 'move_stage', skipped: 'the task has no deal' },
          { type: 'notify', userIds: [world.ids.alice] },
        ],
      },
    ]);
    expect(await runsFor(dealOnly, task.body.id)).toEqual([]);
    const heads = (await world.head.get('/api/notifications?limit=200')).body.filter((n: any) => n.ruleId === dealOnly);
    expect(heads).toEqual([]);
  });
});
