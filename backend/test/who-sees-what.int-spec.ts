import { randomUUID } from 'node:crypto';
import { Api } from '../../test/support/api';
import { RecordingSocket } from '../../test/support/socket';
import { canSeeDeal, dealScopeSql } from '../src/common/access/deal-visibility';
import { createWorld, sql, type World } from './fixtures';

// Who sees what, end to end on the real backend: the one DealVisibility rule in SQL and in memory,
// a Seller's call history, deal-carrying socket payloads, and who may edit an inbox deal's contact.

let world: World;
let pbx: Api;
let alice: RecordingSocket;
let seq = 0;
const EXT = { alice: '1001', bob: '1002' };

beforeAll(async () => {
  world = await createWorld();
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
  alice = await RecordingSocket.connect(world.backend.url, world.tokens.alice);
});

afterAll(async () => {
  alice?.close();
  await world?.backend.destroy();
});

function ev(callId: string, type: string, fields: Record<string, unknown>) {
  return { callId, type, origin: { pbx: 'test', boot: 'vis', seq: ++seq }, at: new Date().toISOString(), ...fields };
}

async function send(...events: unknown[]) {
  const res = await pbx.post('/api/internal/call-events', { events });
  expect(res.status).toBe(200);
}

/** An inbound call from `from`, rung on Alice and Bob, answered by `answeredBy` (or missed), then ended. */
async function inboundCall(from: string, answeredBy: 'alice' | 'bob' | null): Promise<string> {
  const callId = `${randomUUID()}@trunk`;
  await send(ev(callId, 'offered', { direction: 'inbound', from, fromName: null, to: '+3612345678' }));
  await send(ev(callId, 'ringing', { extension: EXT.alice }), ev(callId, 'ringing', { extension: EXT.bob }));
  if (answeredBy) {
    await send(ev(callId, 'answered', { extension: EXT[answeredBy] }));
    await send(ev(callId, 'ended', { hangupBy: 'caller' }));
  } else {
    await send(ev(callId, 'missed', { reason: 'no_answer' }));
  }
  await waitUntil(async () => (await sql(world, `SELECT end_applied FROM calls WHERE sip_call_id = $1`, [callId]))[0]?.end_applied === true);
  return callId;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const historyOf = async (api: Api) => (await api.get('/api/calls?kind=all&limit=200')).body as { sipCallId: string; dealId: string | null; dealTitle: string | null }[];

describe('one rule in SQL and in memory', () => {
  it('should select exactly the deals canSeeDeal allows, for each Seller and the Head, over every owner and stage group', async () => {
    // one deal per (owner, stage) on top of whatever the other tests made, some deleted
    const owners = [world.ids.alice, world.ids.bob, world.ids.head, null];
    for (const [name, stageId] of Object.entries(world.stages)) {
      for (const ownerId of owners) {
        const res = await world.head.post('/api/deals', { title: `matrix ${name} ${ownerId ?? 'none'}`, ownerId, stageId });
        expect(res.status).toBe(201);
      }
    }
    await sql(world, `UPDATE deals SET deleted_at = now() WHERE title LIKE 'matrix Won%'`);
    const rows = await sql<{ id: string; ownerId: string | null; stageGroup: string; deletedAt: Date | null }>(
      world,
      `SELECT d.id, d.owner_id AS "ownerId", s."group" AS "stageGroup", d.deleted_at AS "deletedAt" FROM deals d JOIN stages s ON s.id = d.stage_id`,
    );
    expect(new Set(rows.map((r) => r.stageGroup)).size).toBeGreaterThanOrEqual(4);
    for (const who of ['alice', 'bob', 'head'] as const) {
      const actor = { id: world.ids[who], role: who === 'head' ? ('head' as const) : ('seller' as const) };
      const bySql = await sql<{ id: string }>(world, `SELECT d.id FROM deals d JOIN stages s ON s.id = d.stage_id WHERE ${dealScopeSql(actor, '$1')}`, [actor.id]);
      const inMemory = rows.filter((r) => canSeeDeal(actor, r)).map((r) => r.id);
      expect({ who, ids: bySql.map((r) => r.id).sort() }).toEqual({ who, ids: inMemory.sort() });
    }
  });
});

describe("a Seller's call history", () => {
  it("should list calls on deals they may see and calls they handled, never a call on another Seller's deal", async () => {
    // Bob answers a new caller: the deal becomes Bob's; the call rang Alice too
    const bobsCall = await inboundCall('+36 30 700 0001', 'bob');
    // nobody answers another caller: an unowned inbox deal, which every Seller sees
    const inboxCall = await inboundCall('+36 30 700 0002', null);
    // Alice answers a third: hers
    const alicesCall = await inboundCall('+36 30 700 0003', 'alice');

    const aliceSees = (await historyOf(world.alice)).map((c) => c.sipCallId);
    expect(aliceSees).toEqual(expect.arrayContaining([inboxCall, alicesCall]));
    expect(aliceSees).not.toContain(bobsCall);

    const bobSees = (await historyOf(world.bob)).map((c) => c.sipCallId);
    expect(bobSees).toEqual(expect.arrayContaining([bobsCall, inboxCall]));
    expect(bobSees).not.toContain(alicesCall);

    const headSees = (await historyOf(world.head)).map((c) => c.sipCallId);
    expect(headSees).toEqual(expect.arrayContaining([bobsCall, inboxCall, alicesCall]));

    // asking by deal does not get round it
    const bobsDeal = (await sql(world, `SELECT deal_id FROM calls WHERE sip_call_id = $1`, [bobsCall]))[0].deal_id;
    expect((await world.alice.get(`/api/calls?dealId=${bobsDeal}`)).body).toEqual([]);
  });

  it("should show a Seller their own outbound call that named another Seller's deal, without naming that deal, and send them no deal on the socket", async () => {
    const bobsDeal = (await world.bob.post('/api/deals', { title: 'Bob private deal' })).body;
    const callId = `${randomUUID()}@alice-phone`;
    // Alice's phone forges the header: the call claims Bob's deal
    await send(ev(callId, 'offered', { direction: 'outbound', from: EXT.alice, fromName: null, to: '+36 30 700 0099', extension: EXT.alice, dealId: bobsDeal.id }));
    await send(ev(callId, 'answered', { extension: null }));
    const answered = await alice.waitFor('call.answered', (p) => p.callId === callId, 10_000);
    expect(answered.payload.deal).toBeNull();
    await send(ev(callId, 'ended', { hangupBy: 'callee' }));
    await waitUntil(async () => (await sql(world, `SELECT end_applied FROM calls WHERE sip_call_id = $1`, [callId]))[0]?.end_applied === true);

    const mine = (await historyOf(world.alice)).find((c) => c.sipCallId === callId);
    expect(mine).toBeDefined();
    expect(mine).toMatchObject({ dealId: null, dealTitle: null });
    expect(JSON.stringify(await historyOf(world.alice))).not.toContain('Bob private deal');
  });
});

describe('what call.answered tells the rep who has the call (issue 16: the browser opens it)', () => {
  it("should name the deal and its contact when the rep may see the deal, the contact alone for a call with no deal, and nothing of another Seller's", async () => {
    // inbound, a new caller: a deal in Unsorted that becomes Alice's, with the caller as its contact
    const inbound = await inboundCall('+36 30 700 0201', 'alice');
    const first = (await alice.waitFor('call.answered', (p) => p.callId === inbound, 10_000)).payload;
    const [row] = await sql(world, `SELECT deal_id, contact_id FROM calls WHERE sip_call_id = $1`, [inbound]);
    expect(first).toMatchObject({ direction: 'inbound', deal: { id: row.deal_id }, contact: { id: row.contact_id, name: '+36307000201' } });

    // outbound to Alice's own contact with no open deal: the contact alone
    const mine = (await world.alice.post('/api/contacts', { name: 'Alice own contact', phones: [{ number: '+36 30 700 0202' }] })).body;
    const outbound = async (to: string) => {
      const callId = `${randomUUID()}@alice-phone`;
      await send(ev(callId, 'offered', { direction: 'outbound', from: EXT.alice, fromName: null, to, extension: EXT.alice }));
      await send(ev(callId, 'answered', { extension: null }));
      const answered = (await alice.waitFor('call.answered', (p) => p.callId === callId, 10_000)).payload;
      await send(ev(callId, 'ended', { hangupBy: 'callee' }));
      return answered;
    };
    expect(await outbound('+36307000202')).toEqual({ callId: expect.any(String), direction: 'outbound', deal: null, contact: { id: mine.id, name: 'Alice own contact' } });

    // outbound to Bob's contact (no deal): Alice may not see it, so it is not named
    const bobs = (await world.bob.post('/api/contacts', { name: 'Bob private contact', phones: [{ number: '+36 30 700 0203' }] })).body;
    expect((await world.alice.get(`/api/contacts/${bobs.id}`)).status).toBe(404);
    const theirs = await outbound('+36307000203');
    expect(theirs).toMatchObject({ direction: 'outbound', deal: null, contact: null });
    expect(JSON.stringify(theirs)).not.toContain('Bob private contact');
  });
});

describe("the contact of an unowned inbox deal", () => {
  it('should be read-only to a Seller until they take the deal, and editable by the Head', async () => {
    const contact = (await world.head.post('/api/contacts', { name: 'Inbox Caller', phones: [{ number: '+36 30 700 0100' }], ownerId: null })).body;
    expect(contact.ownerId).toBeNull();
    const deal = (await world.head.post('/api/deals', { title: 'Inbox lead with contact', ownerId: null, stageId: world.stages['Unsorted'], contactId: contact.id })).body;

    // Alice sees it (the inbox), but may not change it
    expect((await world.alice.get(`/api/contacts/${contact.id}`)).status).toBe(200);
    const refused = await world.alice.patch(`/api/contacts/${contact.id}`, { company: 'Hijacked Ltd' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CONTACT_NOT_EDITABLE');
    expect(refused.body.message).toMatch(/take the deal/);
    const profile = await world.alice.patch(`/api/contacts/${contact.id}/sales-profile`, { class: 'A' });
    expect(profile.status).toBe(403);
    expect(profile.body.code).toBe('CONTACT_NOT_EDITABLE');
    expect((await world.head.get(`/api/contacts/${contact.id}`)).body.company).toBeNull();

    // the Head may
    expect((await world.head.patch(`/api/contacts/${contact.id}`, { company: 'Set by Head' })).status).toBe(200);

    // Bob takes the deal (moves it out of the inbox): now he may, Alice no longer even sees it
    const moved = await world.bob.post(`/api/deals/${deal.id}/move`, { stageId: world.stages['New'] });
    expect(moved.body.ownerId).toBe(world.ids.bob);
    const edited = await world.bob.patch(`/api/contacts/${contact.id}`, { company: 'Bob Co' });
    expect(edited.status).toBe(200);
    expect(edited.body.company).toBe('Bob Co');
    expect((await world.alice.patch(`/api/contacts/${contact.id}`, { company: 'x' })).status).toBe(404);
  });
});
