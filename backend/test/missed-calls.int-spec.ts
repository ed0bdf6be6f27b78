import { randomUUID } from 'node:crypto';
import { Api } from '../../test/support/api';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, sql, type World } from './fixtures';
import { eventually, internal } from './sales-support';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

// Issue 12 item 7: a missed call from a caller nobody owns lands on every Seller's Today list as an
// unclaimed call-back, the first Seller to claim it (or to call back) owns it, and it leaves the
// others' lists live. Driven through POST /api/internal/call-events as the bridge sends them.
let world: World;
let pbx: Api;
let smtp: SmtpSink;
let alice: RecordingSocket;
let bob: RecordingSocket;
let seq = 0;
let numberSeq = 0;
const EXT = { alice: '1001', bob: '1002' };

beforeAll(async () => {
  smtp = await startSmtpSink();
  world = await createWorld({ env: { SMTP_URL: smtp.url, AUTOMATION_POLL_MS: '200' } });
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
  [alice, bob] = await Promise.all([
    RecordingSocket.connect(world.backend.url, world.tokens.alice),
    RecordingSocket.connect(world.backend.url, world.tokens.bob),
  ]);
});

afterAll(async () => {
  for (const s of [alice, bob]) s?.close();
  await world?.backend.destroy();
  await smtp?.close();
});

function ev(callId: string, type: string, fields: Record<string, unknown>) {
  return { callId, type, origin: { pbx: 'test', boot: 'missed', seq: ++seq }, at: new Date().toISOString(), ...fields };
}

async function send(...events: unknown[]): Promise<void> {
  const res = await pbx.post('/api/internal/call-events', { events });
  expect(res.status).toBe(200);
}

/** A new caller rings Alice and Bob, nobody answers: the bridge's offered, ringing, missed. Returns the caller's number. */
async function missedCallFromNewNumber(): Promise<{ number: string; callId: string }> {
  const number = `+3630555${String(++numberSeq).padStart(4, '0')}`;
  const callId = `${randomUUID()}@trunk`;
  await send(ev(callId, 'offered', { direction: 'inbound', from: number, fromName: null, to: '+3612345678' }));
  await send(ev(callId, 'ringing', { extension: EXT.alice }), ev(callId, 'ringing', { extension: EXT.bob }));
  await send(ev(callId, 'missed', { reason: 'no_answer' }));
  return { number, callId };
}

const today = async (api: Api) => {
  const res = await api.get('/api/today');
  expect(res.status).toBe(200);
  return res.body.items as any[];
};
const unclaimedOf = (items: any[], number: string) => items.find((i) => i.kind === 'unclaimed_call_back' && i.taskTitle === `Call back ${number}`);
/** The call-back as it shows on `api`'s Today list, once it does. */
const onList = (api: Api, number: string) => eventually(async () => unclaimedOf(await today(api), number), 10_000, `the call-back of ${number} on the list`);
const taskOfCall = async (callId: string) =>
  (await sql(world, `SELECT t.* FROM tasks t JOIN calls k ON k.id = t.call_id WHERE k.sip_call_id = $1`, [callId]))[0];
/** A mail's text as written (quoted-printable soft breaks and escapes undone). */
const text = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
const dealOwner = async (dealId: string) => (await sql(world, `SELECT owner_id FROM deals WHERE id = $1`, [dealId]))[0]?.owner_id;

describe('unclaimed call-backs', () => {
  it('should show a missed call from an unknown number on Alice\'s and Bob\'s Today lists, and hand it to Alice when she claims it first', async () => {
    const { number } = await missedCallFromNewNumber();
    const [forAlice, forBob] = await Promise.all([onList(world.alice, number), onList(world.bob, number)]);
    expect(forAlice.taskId).toBe(forBob.taskId);
    expect(forAlice).toMatchObject({ contactPhone: number, dealTitle: `Call from ${number}` });
    // the Head sees it on their own list too
    expect(unclaimedOf(await today(world.head), number)?.taskId).toBe(forAlice.taskId);

    const claimed = await world.alice.post(`/api/tasks/${forAlice.taskId}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ id: forAlice.taskId, assigneeId: world.ids.alice, status: 'open' });
    // live: Bob's list hears that it is gone, and so does his board (the deal is Alice's now)
    await bob.waitFor('task.removed', (p) => p.id === forAlice.taskId, 10_000);
    await bob.waitFor('deal.removed', (p) => p.id === forAlice.dealId, 10_000);
    expect(unclaimedOf(await today(world.bob), number)).toBeUndefined();
    expect(await dealOwner(forAlice.dealId)).toBe(world.ids.alice);
    // on Alice's list as her own task now, no longer unclaimed
    const mine = await today(world.alice);
    expect(unclaimedOf(mine, number)).toBeUndefined();
    expect(mine.some((i) => i.taskId === forAlice.taskId && (i.kind === 'due_today' || i.kind === 'overdue'))).toBe(true);

    const late = await world.bob.post(`/api/tasks/${forAlice.taskId}/claim`);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TASK_ALREADY_CLAIMED');
    // Alice clicking twice changes nothing
    expect((await world.alice.post(`/api/tasks/${forAlice.taskId}/claim`)).status).toBe(200);
    expect((await sql(world, `SELECT assignee_id FROM tasks WHERE id = $1`, [forAlice.taskId]))[0].assignee_id).toBe(world.ids.alice);
  });

  it('should give the call-back to exactly one of two Sellers claiming it at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const { number } = await missedCallFromNewNumber();
      const item = await onList(world.bob, number);
      const [a, b] = await Promise.all([world.alice.post(`/api/tasks/${item.taskId}/claim`), world.bob.post(`/api/tasks/${item.taskId}/claim`)]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? world.ids.alice : world.ids.bob;
      expect((a.status === 409 ? a : b).body.code).toBe('TASK_ALREADY_CLAIMED');
      expect((await sql(world, `SELECT assignee_id FROM tasks WHERE id = $1`, [item.taskId]))[0].assignee_id).toBe(winner);
      expect(await dealOwner(item.dealId)).toBe(winner);
      // the loser's attempt left nothing behind: one "claimed" line on the deal's timeline
      const claims = await sql(world, `SELECT * FROM deal_events WHERE deal_id = $1 AND type = 'task' AND data->>'action' = 'claimed'`, [item.dealId]);
      expect(claims.map((c) => c.actor_id)).toEqual([winner]);
    }
  });

  it('should not let a Seller claim a task of another Seller\'s deal', async () => {
    const deal = (await world.bob.post('/api/deals', { title: 'Bob private' })).body;
    const task = (await world.head.post('/api/tasks', { title: 'Nobody yet', dealId: deal.id, assigneeId: null })).body;
    expect(task.assigneeId).toBeNull();
    expect((await world.alice.post(`/api/tasks/${task.id}/claim`)).status).toBe(404);
    expect((await world.bob.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
  });

  // needs the calls path to call TasksService.claimCallBacksOf for an outbound call linked to a deal (ADR 0013)
  it('should give the call-back to whoever calls the number back first', async () => {
    const { number } = await missedCallFromNewNumber();
    const item = await onList(world.alice, number);
    const back = `${randomUUID()}@pbx`;
    await send(ev(back, 'offered', { direction: 'outbound', from: EXT.bob, fromName: null, to: number, extension: EXT.bob }));
    await eventually(async () => (await sql(world, `SELECT assignee_id FROM tasks WHERE id = $1`, [item.taskId]))[0].assignee_id === world.ids.bob, 10_000, 'the call-back given to Bob');
    expect(await dealOwner(item.dealId)).toBe(world.ids.bob);
    await alice.waitFor('task.removed', (p) => p.id === item.taskId, 10_000);
    expect(unclaimedOf(await today(world.alice), number)).toBeUndefined();
    expect((await world.alice.post(`/api/tasks/${item.taskId}/claim`)).status).toBe(409);
  });
});

describe('call-backs follow a deal that gets an owner', () => {
  it('should give the call-back to the Seller who takes the deal from the board, off the other Seller\'s list live', async () => {
    const { number } = await missedCallFromNewNumber();
    const item = await onList(world.alice, number);
    const taken = await world.bob.post(`/api/deals/${item.dealId}/move`, { stageId: world.stages['New'] });
    expect(taken.status).toBe(200);
    expect(taken.body.ownerId).toBe(world.ids.bob);
    await alice.waitFor('task.removed', (p) => p.id === item.taskId, 10_000);
    await eventually(async () => (await sql(world, `SELECT assignee_id FROM tasks WHERE id = $1`, [item.taskId]))[0].assignee_id === world.ids.bob, 10_000, 'the call-back given to Bob');
    expect(unclaimedOf(await today(world.alice), number)).toBeUndefined();
    expect(unclaimedOf(await today(world.bob), number)).toBeUndefined();
  });

  it('should give the call-back to whoever answers the same caller\'s next call', async () => {
    const { number } = await missedCallFromNewNumber();
    const item = await onList(world.bob, number);
    const again = `${randomUUID()}@trunk`;
    await send(ev(again, 'offered', { direction: 'inbound', from: number, fromName: null, to: '+3612345678' }));
    await send(ev(again, 'ringing', { extension: EXT.alice }), ev(again, 'ringing', { extension: EXT.bob }));
    await send(ev(again, 'answered', { extension: EXT.alice }));
    await bob.waitFor('task.removed', (p) => p.id === item.taskId, 10_000);
    await eventually(async () => (await sql(world, `SELECT assignee_id FROM tasks WHERE id = $1`, [item.taskId]))[0].assignee_id === world.ids.alice, 10_000, 'the call-back given to Alice');
    expect(await dealOwner(item.dealId)).toBe(world.ids.alice);
  });
});

describe('default assignee for missed calls', () => {
  afterAll(async () => {
    await world.head.request('PUT', '/api/settings/missed-calls', { defaultAssigneeId: null });
  });

  it('should let only a Head choose an active user', async () => {
    expect((await world.head.get('/api/settings/missed-calls')).body).toEqual({ defaultAssigneeId: null, defaultAssigneeName: null });
    expect((await world.alice.request('PUT', '/api/settings/missed-calls', { defaultAssigneeId: world.ids.alice })).status).toBe(403);
    const unknown = await world.head.request('PUT', '/api/settings/missed-calls', { defaultAssigneeId: randomUUID() });
    expect(unknown.status).toBe(403);
    expect(unknown.body.code).toBe('OWNER_NOT_ASSIGNABLE');
    expect((await world.head.request('PUT', '/api/settings/missed-calls', { defaultAssigneeId: 'bob' })).status).toBe(400);
    expect((await world.head.get('/api/settings/missed-calls')).body.defaultAssigneeId).toBeNull();
  });

  // needs the calls path to create the call-back through TasksService.createMissedCallBack (ADR 0013)
  it('should give a missed call from an unknown number to the default assignee instead of leaving it unclaimed', async () => {
    const set = await world.head.request('PUT', '/api/settings/missed-calls', { defaultAssigneeId: world.ids.bob });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ defaultAssigneeId: world.ids.bob, defaultAssigneeName: 'Bob Seller' });

    const { number, callId } = await missedCallFromNewNumber();
    const task = await eventually(() => taskOfCall(callId), 10_000, 'the call-back task');
    expect(task.assignee_id).toBe(world.ids.bob);
    const bobs = await today(world.bob);
    expect(bobs.some((i) => i.taskId === task.id && i.kind !== 'unclaimed_call_back')).toBe(true);
    expect(unclaimedOf(await today(world.alice), number)).toBeUndefined();
    await bob.waitFor('task.changed', (t) => t.id === task.id && t.assigneeId === world.ids.bob, 10_000);
  });
});

describe('the Heads\' digest', () => {
  it('should list the unclaimed call-backs, mailed after the digest committed', async () => {
    const { number } = await missedCallFromNewNumber();
    await onList(world.alice, number);
    const [schedule] = await sql(world, `SELECT value FROM settings WHERE key = 'sales.daily_digest'`);
    const runAt = new Date(schedule.value.nextRunAt);
    await internal(world).post('/api/internal/test/clock', { offsetMs: runAt.getTime() - Date.now() + 60_000 });
    await internal(world).post('/api/internal/digest/tick');
    const mail = await eventually(async () => smtp.mails.find((m) => m.to.includes('head@example.com') && /Subject: Team digest/.test(m.raw)), 15_000, "the Heads' digest");
    expect(text(mail!.raw)).toMatch(/Unclaimed call-backs of missed calls \(\d+\):/);
    expect(text(mail!.raw)).toContain(`Call back ${number}`);
    const sellers = smtp.mails.filter((m) => m.to.includes('bob@example.com') && /Subject: Your day/.test(m.raw));
    expect(sellers).toHaveLength(1);
    expect(text(sellers[0].raw)).toContain(`Call back ${number}`);
  });
});
