import { randomUUID } from 'node:crypto';
import { Api } from '../../test/support/api';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, sql, type World } from './fixtures';

// Blind transfer by REFER (ADR 0005), without a SIP server: the events and routing queries
// Kamailio would send, against the real backend and PostgreSQL.
let world: World;
let pbx: Api;
let aliceSocket: RecordingSocket;
let bobSocket: RecordingSocket;
let seq = 0;
const EXT = { alice: '1001', bob: '1002' };
const SALES = '+3612345678';

beforeAll(async () => {
  world = await createWorld();
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
  [aliceSocket, bobSocket] = await Promise.all([
    RecordingSocket.connect(world.backend.url, world.tokens.alice),
    RecordingSocket.connect(world.backend.url, world.tokens.bob),
  ]);
});

afterAll(async () => {
  aliceSocket?.close();
  bobSocket?.close();
  await world?.backend.destroy();
});

const ev = (callId: string, type: string, fields: Record<string, unknown> = {}) => ({
  callId,
  type,
  origin: { pbx: 'test', boot: 'b1', seq: ++seq },
  at: new Date().toISOString(),
  ...fields,
});

async function send(...events: unknown[]) {
  const res = await pbx.post('/api/internal/call-events', { events });
  expect(res.status).toBe(200);
  expect(res.body.results.filter((r: any) => r.status !== 'accepted')).toEqual([]);
}

const route = (callId: string, token: string) =>
  pbx.get(`/api/internal/routing?callId=${encodeURIComponent(callId)}&from=%2B36301112233&to=${encodeURIComponent(SALES)}&transfer=${token}`);

const tokenOf = (referTo: string) => /X-Callboard-Transfer=([A-Za-z0-9_-]+)$/.exec(referTo)![1]!;

/** An inbound call from `from`, answered by Bob: its Call-ID and deal. */
async function bobOnCall(from: string): Promise<{ callId: string; dealId: string }> {
  const callId = `${randomUUID()}@trunk`;
  await send(ev(callId, 'offered', { direction: 'inbound', from, fromName: 'Caller', to: SALES }), ev(callId, 'answered', { extension: EXT.bob }));
  const [row] = await sql(world, `SELECT deal_id FROM calls WHERE sip_call_id = $1`, [callId]);
  const [deal] = await sql(world, `SELECT owner_id FROM deals WHERE id = $1`, [row.deal_id]);
  expect(deal.owner_id).toBe(world.ids.bob);
  return { callId, dealId: row.deal_id };
}

describe('POST /api/calls/:callId/transfer', () => {
  it('should refuse with a typed reason when the call, the actor or the target is wrong', async () => {
    const { callId } = await bobOnCall('+36 30 111 0001');
    const path = `/api/calls/${encodeURIComponent(callId)}/transfer`;
    const cases = [
      [world.alice, path, world.ids.alice, 403, 'not_on_call'],
      [world.bob, path, world.ids.bob, 400, 'target_is_actor'],
      [world.bob, path, randomUUID(), 404, 'target_not_found'],
      [world.bob, `/api/calls/${encodeURIComponent('nope@trunk')}/transfer`, world.ids.alice, 404, 'call_not_found'],
    ] as const;
    for (const [api, p, toUserId, status, reason] of cases) {
      const res = await api.post(p, { toUserId });
      expect({ status: res.status, reason: res.body.details?.reason }).toEqual({ status, reason });
    }
    expect((await world.bob.post(path, { toUserId: 'not-a-uuid' })).status).toBe(400);
    // a Head may transfer anyone's call
    expect((await world.head.post(path, { toUserId: world.ids.alice })).status).toBe(201);
    await send(ev(callId, 'ended', { hangupBy: 'caller' }));
    const ended = await world.bob.post(path, { toUserId: world.ids.alice });
    expect({ status: ended.status, reason: ended.body.details?.reason }).toEqual({ status: 409, reason: 'call_not_live' });
  });
});

describe('a transfer from Bob to Alice', () => {
  it('should ring only Alice for the token, give her the deal when she answers, and log it once', async () => {
    const { callId, dealId } = await bobOnCall('+36 30 111 0002');
    const res = await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ callId, toUserId: world.ids.alice, toName: 'Alice Seller' });
    expect(res.body.referTo).toMatch(/^sip:\+3612345678@[^?]+\?X-Callboard-Transfer=[A-Za-z0-9_-]{24}$/);
    const token = tokenOf(res.body.referTo);

    // Bob's REFER went out; the carrier hangs up on Bob and calls again with the token
    await send(ev(callId, 'ended', { hangupBy: 'callee' }));
    const newCallId = `${randomUUID()}@carrier`;
    expect((await route(newCallId, token)).body).toEqual({ transfer: 'accepted', groups: [{ extensions: [EXT.alice], timeoutSec: 45 }] });
    // a retransmitted INVITE (same Call-ID) still passes; another call with the token does not
    expect((await route(newCallId, token)).body.transfer).toBe('accepted');
    expect((await route(`${randomUUID()}@carrier`, token)).body).toEqual({ transfer: 'rejected', groups: [] });
    expect((await route(newCallId, 'x'.repeat(24))).body.transfer).toBe('rejected');

    await send(
      ev(newCallId, 'offered', { direction: 'inbound', from: '+36 30 111 0002', fromName: 'Caller', to: SALES }),
      ev(newCallId, 'ringing', { extension: EXT.alice }),
      ev(newCallId, 'answered', { extension: EXT.alice }),
    );
    // live on both boards: Alice gets the card, Bob loses it
    const got = await aliceSocket.waitFor('deal.updated', (d) => d.id === dealId && d.ownerId === world.ids.alice);
    expect(got.payload.ownerId).toBe(world.ids.alice);
    await bobSocket.waitFor('deal.removed', (p) => p.id === dealId);
    // duplicate and late events change nothing
    await send(ev(newCallId, 'answered', { extension: EXT.alice }), ev(callId, 'ended', { hangupBy: 'callee' }));

    const events = (await world.head.get(`/api/deals/${dealId}/events`)).body as { type: string; data: any }[];
    const transferred = events.filter((e) => e.type === 'transferred');
    expect(transferred).toHaveLength(1);
    expect(transferred[0]!.data).toMatchObject({ fromUserName: 'Bob Seller', toUserName: 'Alice Seller', callId, newCallId });
    const calls = (await world.head.get(`/api/calls?dealId=${dealId}`)).body as { sipCallId: string; outcome: string; dealId: string }[];
    expect(calls.find((c) => c.sipCallId === callId)?.outcome).toBe('transferred');
    expect(calls.find((c) => c.sipCallId === newCallId)?.dealId).toBe(dealId);
    // the token is spent
    expect((await route(newCallId, token)).body.transfer).toBe('rejected');

    await send(ev(newCallId, 'ended', { hangupBy: 'caller' }));
    const [second] = await sql(world, `SELECT outcome FROM calls WHERE sip_call_id = $1`, [newCallId]);
    expect(second.outcome).toBe('completed');
  });

  it('should mark the first call transferred when its end arrives after the target answered', async () => {
    const { callId, dealId } = await bobOnCall('+36 30 111 0003');
    const token = tokenOf((await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice })).body.referTo);
    const newCallId = `${randomUUID()}@carrier`;
    expect((await route(newCallId, token)).body.transfer).toBe('accepted');
    await send(ev(newCallId, 'offered', { direction: 'inbound', from: '+36 30 111 0003', fromName: null, to: SALES }), ev(newCallId, 'answered', { extension: EXT.alice }));
    await send(ev(callId, 'ended', { hangupBy: 'callee' }));
    const [first] = await sql(world, `SELECT outcome FROM calls WHERE sip_call_id = $1`, [callId]);
    expect(first.outcome).toBe('transferred');
    const [deal] = await sql(world, `SELECT owner_id FROM deals WHERE id = $1`, [dealId]);
    expect(deal.owner_id).toBe(world.ids.alice);
  });

  it('should refuse an expired token and leave the deal with Bob', async () => {
    const { callId, dealId } = await bobOnCall('+36 30 111 0004');
    const token = tokenOf((await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice })).body.referTo);
    await sql(world, `UPDATE call_transfers SET expires_at = now() - interval '1 second' WHERE token = $1`, [token]);
    expect((await route(`${randomUUID()}@carrier`, token)).body).toEqual({ transfer: 'rejected', groups: [] });
    const [deal] = await sql(world, `SELECT owner_id FROM deals WHERE id = $1`, [dealId]);
    expect(deal.owner_id).toBe(world.ids.bob);
  });

  it('should ring nobody (a missed call on the deal) when the target is offline', async () => {
    const { callId } = await bobOnCall('+36 30 111 0005');
    const token = tokenOf((await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice })).body.referTo);
    expect((await world.alice.request('PUT', '/api/telephony/presence', { presence: 'offline' })).status).toBe(200);
    try {
      expect((await route(`${randomUUID()}@carrier`, token)).body).toEqual({ transfer: 'accepted', groups: [] });
    } finally {
      await world.alice.request('PUT', '/api/telephony/presence', { presence: 'available' });
    }
  });
});
