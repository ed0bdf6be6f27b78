import { createHmac, randomUUID } from 'node:crypto';
import { Api } from '../../test/support/api';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, sql, type World } from './fixtures';

let world: World;
let pbx: Api;
let head: RecordingSocket;
let alice: RecordingSocket;
let bob: RecordingSocket;
let seq = 0;
const EXT = { head: '1000', alice: '1001', bob: '1002' };

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

function ev(callId: string, type: string, fields: Record<string, unknown>, at = new Date()) {
  return { callId, type, origin: { pbx: 'test', boot: 'b1', seq: ++seq }, at: at.toISOString(), ...fields };
}

const offered = (callId: string, from: string, fromName: string | null = null, at?: Date) =>
  ev(callId, 'offered', { direction: 'inbound', from, fromName, to: '+3612345678' }, at);

async function send(...events: unknown[]) {
  const res = await pbx.post('/api/internal/call-events', { events });
  expect(res.status).toBe(200);
  return res.body;
}

async function callRow(callId: string) {
  const [row] = await sql(world, `SELECT * FROM calls WHERE sip_call_id = $1`, [callId]);
  return row;
}

describe('inbound call becomes a deal, owned by whoever answers', () => {
  it('should create an Unsorted deal on offer, give it to Bob when he answers, and log the call', async () => {
    const callId = `${randomUUID()}@trunk`;
    const t0 = new Date(Date.now() - 20_000);
    await send(offered(callId, '+36 30 999 0001', 'Kovács Anna', t0));
    const created = await head.waitFor('deal.created', (d) => d.title === 'Call from +36309990001');
    const deal = created.payload;
    expect(deal).toMatchObject({ source: 'inbound_call', ownerId: null, stageId: world.stages['Unsorted'], contactName: 'Kovács Anna' });
    await alice.waitFor('deal.created', (d) => d.id === deal.id);
    await bob.waitFor('deal.created', (d) => d.id === deal.id);

    await send(ev(callId, 'ringing', { extension: EXT.alice }), ev(callId, 'ringing', { extension: EXT.bob }));
    const pop = await alice.waitFor('call.ringing', (p) => p.callId === callId);
    expect(pop.payload).toMatchObject({ from: '+36309990001', fromName: 'Kovács Anna', deal: { id: deal.id } });
    await bob.waitFor('call.ringing', (p) => p.callId === callId);

    await send(ev(callId, 'answered', { extension: EXT.bob }, new Date(t0.getTime() + 5_000)));
    const answered = await bob.waitFor('call.answered', (p) => p.callId === callId);
    expect(answered.payload.deal).toMatchObject({ id: deal.id, ownerId: world.ids.bob, stageId: world.stages['New'] });
    await alice.waitFor('deal.removed', (p) => p.id === deal.id);
    await alice.waitFor('call.taken', (p) => p.callId === callId && p.byUserId === world.ids.bob);
    const moved = await head.waitFor('deal.moved', (p) => p.deal.id === deal.id);
    expect(moved.payload.deal.ownerId).toBe(world.ids.bob);

    await send(ev(callId, 'ended', { hangupBy: 'caller' }, new Date(t0.getTime() + 65_000)));
    await bob.waitFor('call.ended', (p) => p.callId === callId);
    const row = await callRow(callId);
    expect(row).toMatchObject({ outcome: 'completed', duration_sec: 60, hangup_by: 'caller', answered_by: world.ids.bob, deal_id: deal.id });
    const timeline = (await world.bob.get(`/api/deals/${deal.id}/events`)).body;
    expect(timeline.find((e: any) => e.type === 'call').data).toMatchObject({ outcome: 'completed', durationSec: 60 });
    const history = (await world.bob.get('/api/calls?kind=inbound')).body;
    expect(history.map((c: any) => c.sipCallId)).toContain(callId);
    // it only rang Alice, and the deal is Bob's now: not in her history (DealVisibility + calls she handled)
    expect((await world.alice.get('/api/calls')).body.find((c: any) => c.sipCallId === callId)).toBeUndefined();
  });

  it('should leave a missed call\'s deal in Unsorted marked missed, with one call-back task', async () => {
    const callId = `${randomUUID()}@trunk`;
    await send(offered(callId, '+36309990002'), ev(callId, 'ringing', { extension: EXT.alice }));
    await send(ev(callId, 'missed', { reason: 'caller_cancelled' }), ev(callId, 'missed', { reason: 'caller_cancelled' }));
    const row = await callRow(callId);
    expect(row.outcome).toBe('missed');
    const deal = (await world.head.get(`/api/deals/${row.deal_id}`)).body;
    expect(deal).toMatchObject({ missed: true, ownerId: null, stageId: world.stages['Unsorted'] });
    const tasks = await sql(world, `SELECT type, deal_id FROM tasks WHERE call_id = $1`, [row.id]);
    expect(tasks).toEqual([{ type: 'call_back', deal_id: row.deal_id }]);
    await alice.waitFor('call.ended', (p) => p.callId === callId && p.outcome === 'missed');
  });

  it('should attach a known contact\'s call to their open deal instead of creating one', async () => {
    const { body: contact } = await world.alice.post('/api/contacts', { name: 'Known Client', phones: [{ number: '+36 30 999 0003' }] });
    const { body: deal } = await world.alice.post('/api/deals', { title: 'Existing deal', contactId: contact.id });
    const callId = `${randomUUID()}@trunk`;
    await send(offered(callId, '06309990003'), ev(callId, 'answered', { extension: EXT.bob }), ev(callId, 'ended', { hangupBy: 'callee' }));
    const row = await callRow(callId);
    expect(row.deal_id).toBe(deal.id);
    const after = (await world.head.get(`/api/deals/${deal.id}`)).body;
    // an owned deal keeps its owner; the call counts as contact
    expect(after.ownerId).toBe(world.ids.alice);
    expect(after.lastContactAt).not.toBeNull();
    const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM deals WHERE contact_id = $1`, [contact.id]);
    expect(n).toBe(1);
  });

  it('should route a known caller to their owner first, then every available Seller', async () => {
    const routing = await pbx.get(`/api/internal/routing?from=${encodeURIComponent('+36309990003')}`);
    expect(routing.body).toEqual({
      groups: [
        { extensions: [EXT.alice], timeoutSec: 15 },
        { extensions: [EXT.alice, EXT.bob], timeoutSec: 45 },
      ],
    });
    await world.bob.request('PUT', '/api/telephony/presence', { presence: 'dnd' });
    const unknown = await pbx.get(`/api/internal/routing?from=${encodeURIComponent('+36309998888')}`);
    expect(unknown.body).toEqual({ groups: [{ extensions: [EXT.alice], timeoutSec: 45 }] });
    await world.bob.request('PUT', '/api/telephony/presence', { presence: 'available' });
  });
});

describe('presence follows calls', () => {
  it('should put the rep who answers on call and give back their presence when the call ends', async () => {
    await world.bob.request('PUT', '/api/telephony/presence', { presence: 'busy' });
    const callId = `${randomUUID()}@trunk`;
    await send(offered(callId, '+36309990020'), ev(callId, 'answered', { extension: EXT.bob }));
    await head.waitFor('presence.changed', (p) => p.userId === world.ids.bob && p.presence === 'on_call');
    // Bob's own tabs hear it too (their presence select follows the server)
    await bob.waitFor('presence.changed', (p) => p.userId === world.ids.bob && p.presence === 'on_call');
    expect((await world.bob.get('/api/auth/me')).body.presence).toBe('on_call');
    // on a call, Bob is not rung for the next one
    const routing = await pbx.get(`/api/internal/routing?from=${encodeURIComponent('+36309998877')}`);
    expect(routing.body.groups.flatMap((g: any) => g.extensions)).not.toContain(EXT.bob);
    await send(ev(callId, 'ended', { hangupBy: 'caller' }));
    await head.waitFor('presence.changed', (p) => p.userId === world.ids.bob && p.presence === 'busy');
    await bob.waitFor('presence.changed', (p) => p.userId === world.ids.bob && p.presence === 'busy');
    expect((await world.bob.get('/api/auth/me')).body.presence).toBe('busy');
    await world.bob.request('PUT', '/api/telephony/presence', { presence: 'available' });
  });
});

describe('events twice, late or out of order', () => {
  it('should make one deal per call with the right owner when each event arrives 1-5 times in any order', async () => {
    const calls = Array.from({ length: 20 }, (_, i) => ({ callId: `${randomUUID()}@burst`, from: `+3620555${String(i).padStart(4, '0')}` }));
    const t0 = Date.now() - 60_000;
    const deliveries: unknown[] = [];
    for (const [i, c] of calls.entries()) {
      const ext = i % 2 ? EXT.bob : EXT.alice;
      const events = [
        offered(c.callId, c.from, null, new Date(t0)),
        ev(c.callId, 'ringing', { extension: EXT.alice }, new Date(t0 + 100)),
        ev(c.callId, 'ringing', { extension: EXT.bob }, new Date(t0 + 110)),
        ev(c.callId, 'answered', { extension: ext }, new Date(t0 + 3000)),
        ev(c.callId, 'ended', { hangupBy: 'caller' }, new Date(t0 + 33_000)),
      ];
      for (const e of events) for (let k = 0; k < 1 + ((i + deliveries.length) % 5); k++) deliveries.push(e);
    }
    // shuffle deterministically, then deliver concurrently in small batches
    const shuffled = deliveries.map((d, i) => ({ d, k: (i * 7919) % 1009 })).sort((a, b) => a.k - b.k).map((x) => x.d);
    const batches: unknown[][] = [];
    for (let i = 0; i < shuffled.length; i += 3) batches.push(shuffled.slice(i, i + 3));
    await Promise.all(batches.map((b) => pbx.post('/api/internal/call-events', { events: b })));

    const rows = await sql(
      world,
      `SELECT c.sip_call_id, c.deal_id, c.duration_sec, c.outcome, d.owner_id, s.name AS stage
       FROM calls c JOIN deals d ON d.id = c.deal_id JOIN stages s ON s.id = d.stage_id WHERE c.sip_call_id LIKE '%@burst'`,
    );
    expect(rows).toHaveLength(20);
    for (const [i, c] of calls.entries()) {
      const row = rows.find((r) => r.sip_call_id === c.callId);
      expect({ call: i, owner: row.owner_id, stage: row.stage, duration: row.duration_sec, outcome: row.outcome }).toEqual({
        call: i,
        owner: i % 2 ? world.ids.bob : world.ids.alice,
        // answering takes it to New; the default rules may then take the first conversation on
        stage: expect.stringMatching(/^(New|Initial contact)$/),
        duration: 30,
        outcome: 'completed',
      });
    }
    const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM deals WHERE title LIKE 'Call from +3620555%'`);
    expect(n).toBe(20);
    const timelineCalls = await sql(world, `SELECT count(*)::int AS n FROM deal_events e JOIN calls c ON c.deal_id = e.deal_id
      WHERE e.type = 'call' AND c.sip_call_id LIKE '%@burst'`);
    expect(timelineCalls[0].n).toBe(20);
  });
});

describe('hostile and odd input', () => {
  it('should keep a display name with markup as capped text', async () => {
    const callId = `${randomUUID()}@trunk`;
    const name = `"<img src=x onerror=alert(1)>\\"${'A'.repeat(2000)}"`;
    await send(offered(callId, '+36309990009', name.slice(0, 2048)));
    const row = await callRow(callId);
    expect(row.from_name.startsWith('<img src=x onerror=alert(1)>"AAA')).toBe(true);
    expect(row.from_name).toHaveLength(200);
  });

  it.each([
    ['sip:+36309990010@carrier.example', '+36309990010'],
    ['0036 30 999 0011', '+36309990011'],
    ['(06-30) 999-0012', '+36309990012'],
  ])('should normalise the caller number %s', async (from, e164) => {
    const callId = `${randomUUID()}@trunk`;
    await send(offered(callId, from));
    expect((await callRow(callId)).from_number).toBe(e164);
  });

  it('should make a deal for an anonymous caller without inventing a contact', async () => {
    const callId = `${randomUUID()}@trunk`;
    await send(offered(callId, 'anonymous', 'Anonymous'));
    const row = await callRow(callId);
    expect(row.contact_id).toBeNull();
    const deal = (await world.head.get(`/api/deals/${row.deal_id}`)).body;
    expect(deal.title).toBe('Call from Anonymous');
  });

  it('should reject invalid events one by one and apply the valid ones', async () => {
    const callId = `${randomUUID()}@trunk`;
    const res = await pbx.post('/api/internal/call-events', {
      events: [{ callId, type: 'exploded' }, offered(callId, '+36309990013'), { type: 'ringing' }],
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => [r.index, r.status])).toEqual([[0, 'rejected'], [1, 'accepted'], [2, 'rejected']]);
    expect(res.body.results[0]).toMatchObject({ callId, reason: expect.stringMatching(/^invalid: /) });
    const bad = await pbx.post('/api/internal/call-events', { nope: true });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const wrongToken = await new Api(world.backend.url, 'x'.repeat(48)).post('/api/internal/call-events', { events: [offered('x', '1')] });
    expect(wrongToken.status).toBe(401);
  });
});

describe('SIP credentials', () => {
  it('should issue short-lived auth_ephemeral credentials for the user\'s extension', async () => {
    const creds = (await world.alice.get('/api/telephony/credentials')).body;
    const [expiry, ext] = creds.authUsername.split(':');
    expect(ext).toBe(EXT.alice);
    expect(Number(expiry) * 1000).toBeGreaterThan(Date.now());
    expect(Date.parse(creds.expiresAt)).toBe(Number(expiry) * 1000);
    const expected = createHmac('sha1', world.backend.env.SIP_SHARED_SECRET).update(creds.authUsername).digest('base64');
    expect(creds.password).toBe(expected);
    expect(creds.sipUri).toBe(`sip:${EXT.alice}@callboard.local`);
  });
});
