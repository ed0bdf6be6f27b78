import { randomUUID } from 'node:crypto';
import { Api } from '../../test/support/api';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, sql, type World } from './fixtures';

// What the deal, contact and calls pages rely on: Heads-only delete, "Take it", the live
// `call.logged` event and the calls list's filters and pages.

let world: World;
let pbx: Api;
let head: RecordingSocket;
let alice: RecordingSocket;
let bob: RecordingSocket;
let seq = 0;

beforeAll(async () => {
  world = await createWorld();
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
  [head, alice, bob] = await Promise.all([
    RecordingSocket.connect(world.backend.url, world.tokens.head),
    RecordingSocket.connect(world.backend.url, world.tokens.alice),
    RecordingSocket.connect(world.backend.url, world.tokens.bob),
  ]);
});

afterAll(async () => {
  for (const s of [head, alice, bob]) s?.close();
  await world?.backend.destroy();
});

const ev = (callId: string, type: string, fields: Record<string, unknown>, at = new Date()) => ({
  callId,
  type,
  origin: { pbx: 'test', boot: 'deal-page', seq: ++seq },
  at: at.toISOString(),
  ...fields,
});

async function send(...events: unknown[]) {
  const res = await pbx.post('/api/internal/call-events', { events });
  expect(res.status).toBe(200);
}

/** An answered inbound call from `from`, answered on `extension`, `durationSec` long. */
async function answeredCall(from: string, extension: string, durationSec: number, t0 = new Date(Date.now() - 120_000)) {
  const callId = `${randomUUID()}@trunk`;
  await send(
    ev(callId, 'offered', { direction: 'inbound', from, fromName: null, to: '+3612345678' }, t0),
    ev(callId, 'ringing', { extension }, t0),
    ev(callId, 'answered', { extension }, new Date(t0.getTime() + 2_000)),
    ev(callId, 'ended', { hangupBy: 'caller' }, new Date(t0.getTime() + 2_000 + durationSec * 1000)),
  );
  return callId;
}

describe('deleting a deal', () => {
  it('should refuse a Seller with 403 and say why, on their own deal and on an unowned one, and let a Head delete', async () => {
    const own = (await world.alice.post('/api/deals', { title: 'Alice keeps this' })).body;
    const unowned = (await world.head.post('/api/deals', { title: 'Inbox lead', ownerId: null, stageId: world.stages['Unsorted'] })).body;
    for (const id of [own.id, unowned.id]) {
      const refused = await world.alice.delete(`/api/deals/${id}`);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      expect(refused.body.message).toMatch(/only a head can delete/i);
      expect((await world.alice.get(`/api/deals/${id}`)).status).toBe(200);
    }
    expect((await world.head.delete(`/api/deals/${own.id}`)).status).toBe(204);
    expect((await world.alice.get(`/api/deals/${own.id}`)).status).toBe(404);
  });
});

describe('taking an unowned deal', () => {
  it('should give an inbox deal to the Seller who takes it, after which another Seller can neither see nor take it', async () => {
    const lead = (await world.head.post('/api/deals', { title: 'Take me', ownerId: null, stageId: world.stages['Unsorted'] })).body;
    const taken = await world.alice.patch(`/api/deals/${lead.id}`, { ownerId: world.ids.alice });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ ownerId: world.ids.alice, ownerName: 'Alice Seller' });
    const late = await world.bob.patch(`/api/deals/${lead.id}`, { ownerId: world.ids.bob });
    expect(late.status).toBe(404);
    expect((await world.alice.get(`/api/deals/${lead.id}`)).body.ownerId).toBe(world.ids.alice);
  });
});

describe('a finished call on the open record pages', () => {
  it('should send call.logged to those who may see the deal, never to another Seller', async () => {
    const contact = (await world.alice.post('/api/contacts', { name: 'Live Page', phones: [{ number: '+36 30 555 7001' }] })).body;
    const deal = (await world.alice.post('/api/deals', { title: 'Live page deal', contactId: contact.id })).body;
    const callId = await answeredCall('+36305557001', '1001', 42);
    const logged = await alice.waitFor('call.logged', (p) => p.callId === callId);
    expect(logged.payload).toEqual({ callId, dealId: deal.id, contactId: contact.id, outcome: 'completed' });
    await head.waitFor('call.logged', (p) => p.callId === callId);
    // an inbox deal reaches every socket: once Bob has it, he would have had the call too
    const { body: marker } = await world.head.post('/api/deals', { title: `barrier ${Math.random()}`, ownerId: null, stageId: world.stages['Unsorted'] });
    await bob.waitFor('deal.created', (d) => d.id === marker.id);
    expect(bob.received.filter((r) => r.event === 'call.logged' && r.payload.callId === callId)).toEqual([]);
    const timeline = (await world.alice.get(`/api/deals/${deal.id}/events`)).body;
    expect(timeline.find((e: any) => e.type === 'call')?.data).toMatchObject({ callId, outcome: 'completed', durationSec: 42 });
  });
});

describe('the calls list', () => {
  it('should filter by contact, name the rep, and page through with `after`', async () => {
    const contact = (await world.alice.post('/api/contacts', { name: 'Paged Caller', phones: [{ number: '+36 30 555 7002' }] })).body;
    await world.alice.post('/api/deals', { title: 'Paged deal', contactId: contact.id });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await answeredCall('+36305557002', '1001', 10 + i, new Date(Date.now() - (10 - i) * 60_000)));
    const first = await world.alice.get(`/api/calls?contactId=${contact.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.map((c: any) => c.sipCallId)).toEqual([ids[4], ids[3]]);
    expect(first.body[0]).toMatchObject({ contactId: contact.id, contactName: 'Paged Caller', answeredByName: 'Alice Seller' });
    expect((await world.head.get(`/api/calls?contactId=${contact.id}&limit=1`)).body[0].contactName).toBe('Paged Caller');
    const second = (await world.alice.get(`/api/calls?contactId=${contact.id}&limit=2&after=${first.body[1].id}`)).body;
    expect(second.map((c: any) => c.sipCallId)).toEqual([ids[2], ids[1]]);
    const last = (await world.alice.get(`/api/calls?contactId=${contact.id}&limit=2&after=${second[1].id}`)).body;
    expect(last.map((c: any) => c.sipCallId)).toEqual([ids[0]]);
    // Bob sees none of Alice's calls by contact
    expect((await world.bob.get(`/api/calls?contactId=${contact.id}`)).body).toEqual([]);
  });

  it('should not name a contact to a Seller who took the call but may not see the contact', async () => {
    const contact = (await world.alice.post('/api/contacts', { name: 'Alice Private', phones: [{ number: '+36 30 555 7003' }] })).body;
    await world.alice.post('/api/deals', { title: 'Alice private deal', contactId: contact.id });
    const callId = await answeredCall('+36305557003', '1002', 15);
    const bobs = (await world.bob.get('/api/calls')).body.find((c: any) => c.sipCallId === callId);
    expect(bobs).toMatchObject({ answeredByName: 'Bob Seller', contactName: null, dealId: null });
    expect((await world.alice.get('/api/calls')).body.find((c: any) => c.sipCallId === callId).contactName).toBe('Alice Private');
  });

  it('should give a Seller only their own calls with their own userId, and ignore another rep\'s id', async () => {
    const mine = (await world.alice.get(`/api/calls?userId=${world.ids.alice}`)).body;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c: any) => c.answeredBy === world.ids.alice || c.userId === world.ids.alice)).toBe(true);
    const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM calls WHERE answered_by = $1`, [world.ids.alice]);
    expect(mine.length).toBe(n);
    const asBob = (await world.alice.get(`/api/calls?userId=${world.ids.bob}`)).body;
    expect(asBob.length).toBe((await world.alice.get('/api/calls')).body.length);
  });
});
