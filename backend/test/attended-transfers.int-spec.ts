import { randomUUID } from 'node:crypto';
import { Api } from '../../test/support/api';
import { createWorld, sql, type World } from './fixtures';

// Attended transfers and transfers of outbound calls (issue 16), without a SIP server: the REFER
// checks, routing queries and call events Kamailio would send, against the real backend and
// PostgreSQL. The Kamailio side (reading the Refer-To, the consult dialog's parties) is covered by
// test/softphone/attended-transfer.e2e-spec.ts.
let world: World;
let pbx: Api;
let seq = 0;
const EXT = { alice: '1001', bob: '1002', head: '1000' };
const SALES = '+3612345678';

beforeAll(async () => {
  world = await createWorld();
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
});

afterAll(async () => {
  await world?.backend.destroy();
});

const ev = (callId: string, type: string, fields: Record<string, unknown> = {}) => ({
  callId,
  type,
  origin: { pbx: 'test', boot: 'attended', seq: ++seq },
  at: new Date().toISOString(),
  ...fields,
});

async function send(...events: unknown[]) {
  const res = await pbx.post('/api/internal/call-events', { events });
  expect(res.status).toBe(200);
  expect(res.body.results.filter((r: any) => r.status !== 'accepted')).toEqual([]);
}

const route = (callId: string, to: string, token: string) =>
  pbx.get(`/api/internal/routing?callId=${encodeURIComponent(callId)}&from=%2B36301112233&to=${encodeURIComponent(to)}&transfer=${token}`);

const referCheck = (callId: string, token: string, facts: Record<string, string>) =>
  pbx.get(`/api/internal/refer-check?${new URLSearchParams({ callId, token, ...facts }).toString()}`);

const tokenOf = (referTo: string) => /X-Callboard-Transfer=([A-Za-z0-9_-]+)$/.exec(referTo)![1]!;

const ownerOf = async (dealId: string) => (await sql(world, `SELECT owner_id FROM deals WHERE id = $1`, [dealId]))[0].owner_id as string;

/** An inbound call from `from`, answered by Bob: its Call-ID and deal. */
async function bobOnCall(from: string): Promise<{ callId: string; dealId: string }> {
  const callId = `${randomUUID()}@trunk`;
  await send(ev(callId, 'offered', { direction: 'inbound', from, fromName: 'Caller', to: SALES }), ev(callId, 'answered', { extension: EXT.bob }));
  const [row] = await sql(world, `SELECT deal_id FROM calls WHERE sip_call_id = $1`, [callId]);
  expect(await ownerOf(row.deal_id)).toBe(world.ids.bob);
  return { callId, dealId: row.deal_id };
}

/** Bob's consult call to Alice (extension to extension: no call events), as his softphone sees it. */
const consultDialog = () => ({ callId: `${randomUUID().replace(/-/g, '')}`, toTag: 'alicetag1', fromTag: 'bobtag1' });

describe('an attended transfer from Bob to Alice', () => {
  it('should issue a Refer-To with Replaces to Alice’s extension, pass the REFER check only for that consult call, and give Alice the deal', async () => {
    const { callId, dealId } = await bobOnCall('+36 30 222 0001');
    const consult = consultDialog();
    const res = await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice, consult });
    expect(res.status).toBe(201);
    const replaces = encodeURIComponent(`${consult.callId};to-tag=alicetag1;from-tag=bobtag1`);
    expect(res.body.referTo).toMatch(new RegExp(`^sip:${EXT.alice}@[^?]+\\?Replaces=${replaces}&X-Callboard-Transfer=[A-Za-z0-9_-]{24}$`));
    const token = tokenOf(res.body.referTo);
    const good = { user: EXT.alice, replaces: consult.callId, consult: `${EXT.bob}:${EXT.alice}` };

    // the REFER check: only the Refer-To issued, naming a consult call live between Bob and Alice
    expect((await referCheck(callId, token, good)).body).toEqual({ allowed: true });
    expect((await referCheck(callId, token, { ...good, consult: `${EXT.alice}:${EXT.bob}` })).body).toEqual({ allowed: true });
    const refused = {
      'a non-team number': { ...good, user: '+36901234567' },
      'another extension': { ...good, user: EXT.head },
      'no Replaces': { user: EXT.alice },
      'another dialog': { ...good, replaces: `${randomUUID()}` },
      'a dialog the SIP server does not know': { ...good, consult: '' },
      'a dialog of another rep': { ...good, consult: `${EXT.head}:${EXT.alice}` },
      'a dialog between Alice and herself': { ...good, consult: `${EXT.alice}:${EXT.alice}` },
    };
    for (const [why, facts] of Object.entries(refused)) {
      expect({ why, ...(await referCheck(callId, token, facts)).body }).toEqual({ why, allowed: false });
    }
    // a blind token is not good for a Replaces either
    const blind = tokenOf((await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice })).body.referTo);
    expect((await referCheck(callId, blind, { ...good, user: SALES })).body).toEqual({ allowed: false });
    expect((await referCheck(callId, blind, { user: SALES })).body).toEqual({ allowed: true });

    // the carrier's INVITE to Alice's extension (Replaces + token) rings Alice only; she (her phone) answers
    await send(ev(callId, 'ended', { hangupBy: 'callee' }));
    const newCallId = `${randomUUID()}@carrier`;
    expect((await route(newCallId, EXT.alice, token)).body).toEqual({ transfer: 'accepted', groups: [{ extensions: [EXT.alice], timeoutSec: 45 }] });
    await send(
      ev(newCallId, 'offered', { direction: 'inbound', from: '+36 30 222 0001', fromName: 'Caller', to: EXT.alice }),
      ev(newCallId, 'answered', { extension: EXT.alice }),
    );
    expect(await ownerOf(dealId)).toBe(world.ids.alice);
    const events = (await world.head.get(`/api/deals/${dealId}/events`)).body as { type: string; data: any }[];
    expect(events.filter((e) => e.type === 'transferred').map((e) => e.data)).toEqual([
      expect.objectContaining({ fromUserId: world.ids.bob, toUserId: world.ids.alice, callId, newCallId }),
    ]);
    const calls = (await world.head.get(`/api/calls?dealId=${dealId}`)).body as { sipCallId: string; outcome: string }[];
    expect(calls.find((c) => c.sipCallId === callId)?.outcome).toBe('transferred');
    expect(calls.find((c) => c.sipCallId === newCallId)?.outcome).toBe('answered');
    // used: neither a second REFER nor a second INVITE gets through
    expect((await referCheck(callId, token, good)).body).toEqual({ allowed: false });
    expect((await route(`${randomUUID()}@carrier`, EXT.alice, token)).body.transfer).toBe('rejected');
  });

  it('should leave the deal with Bob when he goes back to the caller (no token used)', async () => {
    const { callId, dealId } = await bobOnCall('+36 30 222 0002');
    const res = await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice, consult: consultDialog() });
    expect(res.status).toBe(201);
    // Bob hangs up the consult and resumes the caller; later he ends the call himself
    await send(ev(callId, 'ended', { hangupBy: 'callee' }));
    expect(await ownerOf(dealId)).toBe(world.ids.bob);
    const [first] = await sql(world, `SELECT outcome FROM calls WHERE sip_call_id = $1`, [callId]);
    expect(first.outcome).toBe('completed');
  });

  it('should refuse a malformed consult dialog and a consult that is the call itself', async () => {
    const { callId } = await bobOnCall('+36 30 222 0003');
    const path = `/api/calls/${encodeURIComponent(callId)}/transfer`;
    const bad = await world.bob.post(path, { toUserId: world.ids.alice, consult: { callId: 'x;to-tag=1&Require=y', toTag: 'a', fromTag: 'b' } });
    expect(bad.status).toBe(400);
    const self = await world.bob.post(path, { toUserId: world.ids.alice, consult: { callId, toTag: 'a', fromTag: 'b' } });
    expect({ status: self.status, reason: self.body.details?.reason }).toEqual({ status: 400, reason: 'consult_is_call' });
  });
});

describe('a blind transfer of an outbound call', () => {
  it('should go back in on the target’s extension and give the target the deal', async () => {
    const callId = `${randomUUID()}@alice-browser`;
    const deal = await world.alice.post('/api/deals', { title: 'Outbound transfer', stageId: world.stages['New'] });
    expect(deal.status).toBe(201);
    const dealId = deal.body.id as string;
    await send(
      ev(callId, 'offered', { direction: 'outbound', from: EXT.alice, fromName: null, to: '+36 30 222 0009', extension: EXT.alice, dealId }),
      ev(callId, 'answered', { extension: EXT.alice }),
    );
    const res = await world.alice.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.bob });
    expect(res.status).toBe(201);
    expect(res.body.referTo).toMatch(new RegExp(`^sip:${EXT.bob}@[^?]+\\?X-Callboard-Transfer=[A-Za-z0-9_-]{24}$`));
    const token = tokenOf(res.body.referTo);
    expect((await referCheck(callId, token, { user: EXT.bob })).body).toEqual({ allowed: true });
    expect((await referCheck(callId, token, { user: '+36302220009' })).body).toEqual({ allowed: false });

    const newCallId = `${randomUUID()}@carrier`;
    expect((await route(newCallId, EXT.bob, token)).body).toEqual({ transfer: 'accepted', groups: [{ extensions: [EXT.bob], timeoutSec: 45 }] });
    await send(ev(callId, 'ended', { hangupBy: 'caller' }));
    await send(
      ev(newCallId, 'offered', { direction: 'inbound', from: '+36 30 222 0009', fromName: null, to: EXT.bob }),
      ev(newCallId, 'answered', { extension: EXT.bob }),
    );
    expect(await ownerOf(dealId)).toBe(world.ids.bob);
    const calls = (await world.head.get(`/api/calls?dealId=${dealId}`)).body as { sipCallId: string; outcome: string }[];
    expect(calls.find((c) => c.sipCallId === callId)?.outcome).toBe('transferred');
    expect(calls.find((c) => c.sipCallId === newCallId)?.outcome).toBe('answered');
  });
});
