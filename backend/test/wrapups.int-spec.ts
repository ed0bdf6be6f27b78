import { randomUUID } from 'node:crypto';
import { Api } from '../../test/support/api';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, sql, type World } from './fixtures';
import { eventually } from './sales-support';

// Issue 16 part 2: a wrap-up after every call. Calls are driven through POST /api/internal/call-events
// as the bridge sends them; the wrap-up is owed when the call ends, saved through the API.
let world: World;
let pbx: Api;
let alice: RecordingSocket;
let seq = 0;
let numberSeq = 0;
const EXT = { alice: '1001', bob: '1002' };

beforeAll(async () => {
  world = await createWorld({ env: { AUTOMATION_POLL_MS: '200' } });
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
  alice = await RecordingSocket.connect(world.backend.url, world.tokens.alice);
});

afterAll(async () => {
  alice?.close();
  await world?.backend.destroy();
});

function ev(callId: string, type: string, fields: Record<string, unknown>) {
  return { callId, type, origin: { pbx: 'test', boot: 'wrapups', seq: ++seq }, at: new Date().toISOString(), ...fields };
}

async function send(...events: unknown[]): Promise<void> {
  const res = await pbx.post('/api/internal/call-events', { events });
  expect(res.status).toBe(200);
  expect(res.body.results.every((r: any) => r.status === 'accepted')).toBe(true);
}

const newNumber = () => `+3630777${String(++numberSeq).padStart(4, '0')}`;

/** A new caller's call answered by `ext`, then ended. Returns the SIP Call-ID and the caller's number. */
async function answeredInbound(ext: string): Promise<{ callId: string; number: string }> {
  const number = newNumber();
  const callId = `${randomUUID()}@trunk`;
  await send(ev(callId, 'offered', { direction: 'inbound', from: number, fromName: null, to: '+3612345678' }));
  await send(ev(callId, 'ringing', { extension: ext }), ev(callId, 'answered', { extension: ext }));
  await send(ev(callId, 'ended', { hangupBy: 'caller' }));
  return { callId, number };
}

/** An outbound call from `ext` that the far end did not answer (`reason`). */
async function unansweredOutbound(ext: string, reason: 'busy' | 'no_answer'): Promise<string> {
  const callId = `${randomUUID()}@browser`;
  await send(ev(callId, 'offered', { direction: 'outbound', from: ext, fromName: null, to: newNumber(), extension: ext }));
  await send(ev(callId, 'missed', { reason }));
  return callId;
}

const wrapUpOf = async (callId: string) =>
  (await sql(world, `SELECT w.* FROM call_wrap_ups w JOIN calls k ON k.id = w.call_id WHERE k.sip_call_id = $1`, [callId]))[0];
const pending = async (api: Api) => {
  const res = await api.get('/api/wrap-ups');
  expect(res.status).toBe(200);
  return res.body as any[];
};
const today = async (api: Api) => {
  const res = await api.get('/api/today');
  expect(res.status).toBe(200);
  return res.body.items as any[];
};
const inHour = () => new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, '.000Z');

describe('who owes a wrap-up', () => {
  it('should owe Alice a wrap-up for an inbound call she answered, and tell her socket at once', async () => {
    const { callId, number } = await answeredInbound(EXT.alice);
    const told = await alice.waitFor('wrapup.changed', (p) => p.sipCallId === callId);
    expect(told.payload).toMatchObject({ userId: world.ids.alice, status: 'pending', direction: 'inbound', number, answered: true, suggestedOutcome: null });
    expect(told.payload.dealId).toBeTruthy();
    const row = await wrapUpOf(callId);
    expect(row).toMatchObject({ user_id: world.ids.alice, status: 'pending', deal_id: told.payload.dealId });
    // on her list, not Bob's
    expect((await pending(world.alice)).map((w) => w.sipCallId)).toContain(callId);
    expect((await pending(world.bob)).map((w) => w.sipCallId)).not.toContain(callId);
  });

  it('should owe nobody a wrap-up for an inbound call that never reached a rep', async () => {
    const callId = `${randomUUID()}@trunk`;
    await send(ev(callId, 'offered', { direction: 'inbound', from: newNumber(), fromName: null, to: '+3612345678' }));
    await send(ev(callId, 'ringing', { extension: EXT.alice }), ev(callId, 'missed', { reason: 'caller_cancelled' }));
    expect((await sql(world, `SELECT outcome, end_applied FROM calls WHERE sip_call_id = $1`, [callId]))[0]).toMatchObject({ outcome: 'missed', end_applied: true });
    expect(await wrapUpOf(callId)).toBeUndefined();
  });

  it('should owe the caller a wrap-up for an unanswered outbound call, prefilled from what the carrier said', async () => {
    const busy = await unansweredOutbound(EXT.bob, 'busy');
    const noAnswer = await unansweredOutbound(EXT.bob, 'no_answer');
    expect(await wrapUpOf(busy)).toMatchObject({ user_id: world.ids.bob, suggested_outcome: 'busy', status: 'pending' });
    expect(await wrapUpOf(noAnswer)).toMatchObject({ user_id: world.ids.bob, suggested_outcome: 'no_answer' });
    const mine = await pending(world.bob);
    expect(mine.find((w) => w.sipCallId === busy)).toMatchObject({ direction: 'outbound', answered: false, suggestedOutcome: 'busy' });
  });

  it('should owe one wrap-up when the call events arrive twice', async () => {
    const number = newNumber();
    const callId = `${randomUUID()}@trunk`;
    const events = [
      ev(callId, 'offered', { direction: 'inbound', from: number, fromName: null, to: '+3612345678' }),
      ev(callId, 'answered', { extension: EXT.alice }),
      ev(callId, 'ended', { hangupBy: 'callee' }),
    ];
    await send(...events);
    await send(...events);
    expect(await sql(world, `SELECT w.id FROM call_wrap_ups w JOIN calls k ON k.id = w.call_id WHERE k.sip_call_id = $1`, [callId])).toHaveLength(1);
  });
});

describe('a transferred call', () => {
  it("should drop the first rep's pending wrap-up once the target answers, and owe it to the target on the new call", async () => {
    // Bob answers, transfers to Alice (REFER); the carrier hangs up on Bob and calls again with the token
    const number = newNumber();
    const callId = `${randomUUID()}@trunk`;
    await send(ev(callId, 'offered', { direction: 'inbound', from: number, fromName: null, to: '+3612345678' }), ev(callId, 'answered', { extension: EXT.bob }));
    const transfer = await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice });
    expect(transfer.status).toBe(201);
    const token = /X-Callboard-Transfer=([A-Za-z0-9_-]+)$/.exec(transfer.body.referTo)![1]!;
    await send(ev(callId, 'ended', { hangupBy: 'callee' }));
    // Bob's call ended before anyone took the transfer: for now he owes its wrap-up
    expect(await wrapUpOf(callId)).toMatchObject({ user_id: world.ids.bob, status: 'pending' });
    const newCallId = `${randomUUID()}@carrier`;
    const routed = await pbx.get(`/api/internal/routing?callId=${encodeURIComponent(newCallId)}&from=${encodeURIComponent(number)}&to=%2B3612345678&transfer=${token}`);
    expect(routed.body.transfer).toBe('accepted');
    await send(
      ev(newCallId, 'offered', { direction: 'inbound', from: number, fromName: null, to: '+3612345678' }),
      ev(newCallId, 'ringing', { extension: EXT.alice }),
      ev(newCallId, 'answered', { extension: EXT.alice }),
    );
    // Alice has it now: Bob's wrap-up is gone
    expect(await wrapUpOf(callId)).toBeUndefined();
    expect((await pending(world.bob)).some((w) => w.sipCallId === callId)).toBe(false);
    await send(ev(newCallId, 'ended', { hangupBy: 'caller' }));
    expect(await wrapUpOf(newCallId)).toMatchObject({ user_id: world.ids.alice, status: 'pending' });
  });
});

describe('saving a wrap-up', () => {
  it('should create the call task at the time said for "call back requested", log it on the deal, and take it off Today', async () => {
    const { callId } = await answeredInbound(EXT.alice);
    const owed = await eventually(async () => (await pending(world.alice)).find((w) => w.sipCallId === callId), 5_000, 'the wrap-up');
    // calls to wrap up lead the Today list (oldest first), before the leads and tasks
    const overdue = await world.alice.post('/api/tasks', { title: 'Old task', dueAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    expect(overdue.status).toBe(201);
    const items = await today(world.alice);
    const kinds = items.map((i) => i.kind);
    expect(kinds.lastIndexOf('wrap_up')).toBe(kinds.filter((k) => k === 'wrap_up').length - 1);
    expect(items.find((i) => i.wrapUpId === owed.id)).toMatchObject({ kind: 'wrap_up', dealId: owed.dealId, taskId: null });
    expect(kinds).toContain('overdue');

    const dueAt = inHour();
    const note = '<b>call</b> me after <script>alert(1)</script> lunch';
    const saved = await world.alice.put(`/api/wrap-ups/${owed.id}`, {
      outcome: 'call_back_requested',
      note,
      nextTask: { type: 'call_back', title: 'Call back after lunch', dueAt },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'done', outcome: 'call_back_requested', note });
    const task = (await sql(world, `SELECT * FROM tasks WHERE id = $1`, [saved.body.taskId]))[0];
    expect(task).toMatchObject({ type: 'call_back', status: 'open', assignee_id: world.ids.alice, deal_id: owed.dealId, title: 'Call back after lunch' });
    expect(new Date(task.due_at).toISOString()).toBe(dueAt);
    // on the deal's timeline, the note as text
    const events = (await world.alice.get(`/api/deals/${owed.dealId}/events`)).body as any[];
    expect(events.find((e) => e.type === 'wrap_up')?.data).toMatchObject({ outcome: 'call_back_requested', note, taskId: saved.body.taskId, callId });
    expect((await today(world.alice)).some((i) => i.wrapUpId === owed.id)).toBe(false);
    expect((await pending(world.alice)).some((w) => w.id === owed.id)).toBe(false);

    // the same save again (a retry, a second tab): the saved one, no second task
    const again = await world.alice.put(`/api/wrap-ups/${owed.id}`, {
      outcome: 'call_back_requested',
      note,
      nextTask: { type: 'call_back', title: 'Call back after lunch', dueAt },
    });
    expect(again.status).toBe(200);
    expect(again.body.taskId).toBe(saved.body.taskId);
    expect(await sql(world, `SELECT id FROM tasks WHERE deal_id = $1 AND title = 'Call back after lunch'`, [owed.dealId])).toHaveLength(1);
    // something else: refused, nothing changed
    const other = await world.alice.put(`/api/wrap-ups/${owed.id}`, { outcome: 'talked' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('WRAP_UP_ALREADY_DONE');
    expect((await wrapUpOf(callId)).outcome).toBe('call_back_requested');
  });

  it('should let a Seller wrap up only their own calls (403, nothing written)', async () => {
    const { callId } = await answeredInbound(EXT.alice);
    const owed = await eventually(async () => (await pending(world.alice)).find((w) => w.sipCallId === callId), 5_000, 'the wrap-up');
    const before = await wrapUpOf(callId);
    // counted by its own title: the call's own rules may add tasks of their own meanwhile
    const bobsTask = `Bob's task ${callId}`;
    const tasksOfBob = async () => (await sql(world, `SELECT count(*)::int AS n FROM tasks WHERE title = $1`, [bobsTask]))[0].n;
    for (const res of [
      await world.bob.put(`/api/wrap-ups/${owed.id}`, { outcome: 'talked', nextTask: { type: 'other', title: bobsTask, dueAt: inHour() } }),
      await world.bob.post(`/api/wrap-ups/${owed.id}/dismiss`),
      await world.bob.get(`/api/wrap-ups/${owed.id}`),
      await world.bob.get(`/api/wrap-ups?userId=${world.ids.alice}`),
    ]) {
      expect(res.status).toBe(403);
    }
    expect(await wrapUpOf(callId)).toEqual(before);
    expect(await tasksOfBob()).toBe(0);
    // a Head may look at (and wrap up) anyone's
    expect((await world.head.get(`/api/wrap-ups?userId=${world.ids.alice}`)).body.some((w: any) => w.id === owed.id)).toBe(true);
    expect((await world.anon.get('/api/wrap-ups')).status).toBe(401);
  });

  it('should refuse what does not fit: unknown outcome, a note too long, control characters, a call back without a time, extra fields', async () => {
    const { callId } = await answeredInbound(EXT.alice);
    const owed = await eventually(async () => (await pending(world.alice)).find((w) => w.sipCallId === callId), 5_000, 'the wrap-up');
    const cases: [unknown, string][] = [
      [{ outcome: 'made_up' }, 'WRAP_UP_OUTCOME_UNKNOWN'],
      [{ outcome: 'Talked!' }, 'VALIDATION_FAILED'],
      [{ outcome: 'talked', note: 'x'.repeat(2001) }, 'VALIDATION_FAILED'],
      [{ outcome: 'talked', note: 'bell\u0007' }, 'VALIDATION_FAILED'],
      [{ outcome: 'call_back_requested' }, 'VALIDATION_FAILED'],
      [{ outcome: 'talked', nextTask: { type: 'call_back', title: 'x', dueAt: 'tomorrow' } }, 'VALIDATION_FAILED'],
      [{ outcome: 'talked', nextTask: { type: 'nap', title: 'x', dueAt: inHour() } }, 'VALIDATION_FAILED'],
      [{ outcome: 'talked', status: 'done' }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await world.alice.put(`/api/wrap-ups/${owed.id}`, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code });
    }
    expect((await wrapUpOf(callId)).status).toBe('pending');
    expect((await world.alice.put(`/api/wrap-ups/not-an-id`, { outcome: 'talked' })).status).toBe(400);
    expect((await world.alice.put(`/api/wrap-ups/${randomUUID()}`, { outcome: 'talked' })).status).toBe(404);
    // the longest note fits
    const ok = await world.alice.put(`/api/wrap-ups/${owed.id}`, { outcome: 'talked', note: 'é'.repeat(2000) });
    expect(ok.status).toBe(200);
    expect(ok.body.taskId).toBeNull();
  });

  it('should take a dismissed wrap-up off Today, and still let it be saved later', async () => {
    const { callId } = await answeredInbound(EXT.alice);
    const owed = await eventually(async () => (await pending(world.alice)).find((w) => w.sipCallId === callId), 5_000, 'the wrap-up');
    const dismissed = await world.alice.post(`/api/wrap-ups/${owed.id}/dismiss`);
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.status).toBe('dismissed');
    expect((await today(world.alice)).some((i) => i.wrapUpId === owed.id)).toBe(false);
    const saved = await world.alice.put(`/api/wrap-ups/${owed.id}`, { outcome: 'talked' });
    expect(saved.body.status).toBe('done');
    expect((await world.alice.post(`/api/wrap-ups/${owed.id}/dismiss`)).status).toBe(409);
  });
});

describe('the outcome list and the rules', () => {
  it('should let only a Head edit the outcomes, and accept a new one in a save', async () => {
    const current = (await world.alice.get('/api/settings/wrap-up-outcomes')).body;
    expect(current.outcomes).toEqual(['talked', 'no_answer', 'busy', 'wrong_number', 'call_back_requested', 'not_interested']);
    const next = { outcomes: [...current.outcomes, 'demo_booked'] };
    expect((await world.alice.put('/api/settings/wrap-up-outcomes', next)).status).toBe(403);
    expect((await world.head.put('/api/settings/wrap-up-outcomes', { outcomes: ['talked', 'talked'] })).status).toBe(400);
    expect((await world.head.put('/api/settings/wrap-up-outcomes', { outcomes: ['<b>x</b>'] })).status).toBe(400);
    expect((await world.head.put('/api/settings/wrap-up-outcomes', next)).body).toEqual(next);
    const { callId } = await answeredInbound(EXT.alice);
    const owed = await eventually(async () => (await pending(world.alice)).find((w) => w.sipCallId === callId), 5_000, 'the wrap-up');
    expect((await world.alice.put(`/api/wrap-ups/${owed.id}`, { outcome: 'demo_booked' })).status).toBe(200);
  });

  it('should check a rule on the wrap-up outcome like any other, and run it when a wrap-up has that outcome', async () => {
    const rule = (conditions: unknown[], trigger: unknown = { type: 'event', event: 'call.wrapped_up' }) => ({
      name: 'Not interested: lost',
      trigger,
      conditions,
      actions: [{ type: 'move_stage', stageKey: 'lost', lostReason: 'not_interested' }],
    });
    const unknownValue = await world.head.post('/api/automation/rules', rule([{ field: 'event.outcome', op: 'eq', value: 'bored' }]));
    expect([unknownValue.status, unknownValue.body.code]).toEqual([400, 'RULE_INVALID']);
    const wrongTrigger = await world.head.post('/api/automation/rules', rule([{ field: 'event.outcome', op: 'eq', value: 'not_interested' }], { type: 'event', event: 'call.answered' }));
    expect([wrongTrigger.status, wrongTrigger.body.code]).toEqual([400, 'RULE_FIELD_UNKNOWN']);
    const catalog = (await world.head.get('/api/automation/catalog')).body;
    expect(catalog.events.map((e: any) => e.event)).toContain('call.wrapped_up');
    expect(catalog.fields.find((f: any) => f.field === 'event.outcome')).toMatchObject({ events: ['call.wrapped_up'] });
    const made = await world.head.post('/api/automation/rules', rule([{ field: 'event.outcome', op: 'in', value: ['not_interested', 'wrong_number'] }]));
    expect(made.status).toBe(201);
    expect(made.body.summary).toContain('When a call is wrapped up, if wrap-up outcome is one of "not interested", "wrong number"');

    try {
      // a different outcome: the rule does not act
      const talked = await answeredInbound(EXT.alice);
      const owedTalked = await eventually(async () => (await pending(world.alice)).find((w) => w.sipCallId === talked.callId), 5_000, 'the wrap-up');
      await world.alice.put(`/api/wrap-ups/${owedTalked.id}`, { outcome: 'talked' });
      const { callId } = await answeredInbound(EXT.alice);
      const owed = await eventually(async () => (await pending(world.alice)).find((w) => w.sipCallId === callId), 5_000, 'the wrap-up');
      expect((await world.alice.put(`/api/wrap-ups/${owed.id}`, { outcome: 'not_interested' })).status).toBe(200);
      const lost = await eventually(
        async () => (await sql(world, `SELECT stage_id, lost_reason FROM deals WHERE id = $1 AND stage_id = $2`, [owed.dealId, world.stages['Lost']]))[0],
        10_000,
        'the deal moved to Lost by the rule',
      );
      expect(lost.lost_reason).toBe('not_interested');
      const runs = await sql(world, `SELECT cause_key FROM automation_runs WHERE rule_id = $1`, [made.body.id]);
      expect(runs.map((r) => r.cause_key)).toEqual([`wrapup:${owed.id}`]);
      expect((await sql(world, `SELECT stage_id FROM deals WHERE id = $1`, [owedTalked.dealId]))[0].stage_id).not.toBe(world.stages['Lost']);
    } finally {
      await world.head.patch(`/api/automation/rules/${made.body.id}`, { enabled: false });
    }
  });
});

describe('completion per rep', () => {
  it("should show the Head each rep's wrap-ups of today's calls: done, pending, dismissed", async () => {
    await sql(world, `DELETE FROM call_wrap_ups`);
    const a1 = await answeredInbound(EXT.alice);
    const a2 = await answeredInbound(EXT.alice);
    const a3 = await answeredInbound(EXT.alice);
    await unansweredOutbound(EXT.bob, 'no_answer');
    const ids = await eventually(async () => {
      const mine = await pending(world.alice);
      const found = [a1, a2, a3].map((c) => mine.find((w) => w.sipCallId === c.callId)?.id);
      return found.every(Boolean) ? (found as string[]) : null;
    }, 5_000, "Alice's three wrap-ups");
    expect((await world.alice.put(`/api/wrap-ups/${ids[0]}`, { outcome: 'talked' })).status).toBe(200);
    expect((await world.alice.post(`/api/wrap-ups/${ids[1]}/dismiss`)).status).toBe(200);
    const res = await world.head.get('/api/team/today');
    expect(res.status).toBe(200);
    const of = (id: string) => res.body.reps.find((r: { userId: string }) => r.userId === id);
    expect(of(world.ids.alice)).toMatchObject({ wrapUpsDone: 1, wrapUpsPending: 1, wrapUpsDismissed: 1 });
    expect(of(world.ids.bob)).toMatchObject({ wrapUpsDone: 0, wrapUpsPending: 1, wrapUpsDismissed: 0 });
    expect((await world.alice.get('/api/team/today')).status).toBe(403);
  });
});
