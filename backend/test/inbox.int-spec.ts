import { randomUUID } from 'node:crypto';
import { Api } from '../../test/support/api';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, sql, type World } from './fixtures';

// Issue 17 part 6: the Unsorted inbox's actions, on leads that calls created through
// POST /api/internal/call-events as the bridge sends them (web-form leads land in the same stage).
let world: World;
let pbx: Api;
let headSocket: RecordingSocket;
let bobSocket: RecordingSocket;
let seq = 0;
let numberSeq = 0;

beforeAll(async () => {
  world = await createWorld();
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
  [headSocket, bobSocket] = await Promise.all([RecordingSocket.connect(world.backend.url, world.tokens.head), RecordingSocket.connect(world.backend.url, world.tokens.bob)]);
});

afterAll(async () => {
  headSocket?.close();
  bobSocket?.close();
  await world?.backend.destroy();
});

const ev = (callId: string, type: string, fields: Record<string, unknown>) => ({
  callId,
  type,
  origin: { pbx: 'test', boot: 'inbox', seq: ++seq },
  at: new Date().toISOString(),
  ...fields,
});

async function send(...events: unknown[]): Promise<void> {
  const res = await pbx.post('/api/internal/call-events', { events });
  expect(res.status).toBe(200);
  expect(res.body.results.every((r: any) => r.status === 'accepted')).toBe(true);
}

const newNumber = () => `+3630888${String(++numberSeq).padStart(4, '0')}`;

/** A missed call from `number` (nobody answered): a lead in Unsorted. Its deal id. */
async function missedLead(number = newNumber(), end = true): Promise<{ dealId: string; number: string; callId: string }> {
  const callId = `${randomUUID()}@trunk`;
  await send(ev(callId, 'offered', { direction: 'inbound', from: number, fromName: null, to: '+3612345678' }));
  if (end) await send(ev(callId, 'missed', { reason: 'no_answer' }));
  const [row] = await sql(world, `SELECT deal_id FROM calls WHERE sip_call_id = $1`, [callId]);
  return { dealId: row.deal_id, number, callId };
}

const dealRow = async (id: string) => (await sql(world, `SELECT d.*, s."group" AS stage_group, s.system_key FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.id = $1`, [id]))[0];
const boardIds = async (api: Api) => {
  const res = await api.get('/api/board');
  expect(res.status).toBe(200);
  return (res.body.columns as { deals: { id: string }[] }[]).flatMap((c) => c.deals.map((d) => d.id));
};
const drift = () => sql(world, `SELECT summary, differing::int FROM report_summary_drift() WHERE differing <> 0`);

describe('accept', () => {
  it('should give a Seller the lead and move it to New; a second Seller is told it is gone and nothing changes', async () => {
    const { dealId } = await missedLead();
    const res = await world.alice.post(`/api/deals/${dealId}/accept`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: dealId, ownerId: world.ids.alice, stageId: world.stages['New'] });
    expect(await dealRow(dealId)).toMatchObject({ owner_id: world.ids.alice, system_key: 'new', deleted_at: null });
    const events = (await world.alice.get(`/api/deals/${dealId}/events`)).body as { type: string; data: any }[];
    expect(events.filter((e) => e.type === 'moved' || e.type === 'reassigned').map((e) => [e.type, e.data.via])).toEqual(
      expect.arrayContaining([
        ['moved', 'inbox_accept'],
        ['reassigned', 'inbox_accept'],
      ]),
    );
    // Bob no longer sees it (404), and a Head accepting it now is told it left the inbox (409)
    expect((await world.bob.post(`/api/deals/${dealId}/accept`, {})).status).toBe(404);
    const late = await world.head.post(`/api/deals/${dealId}/accept`, { ownerId: world.ids.bob });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('INBOX_DEAL_GONE');
    expect((await dealRow(dealId)).owner_id).toBe(world.ids.alice);
  });

  it('should let a Head give the lead to a rep, and refuse a Seller naming someone else (nothing changes)', async () => {
    const { dealId } = await missedLead();
    const refused = await world.alice.post(`/api/deals/${dealId}/accept`, { ownerId: world.ids.bob });
    expect(refused.status).toBe(403);
    expect(await dealRow(dealId)).toMatchObject({ owner_id: null, system_key: 'unsorted' });
    const told = bobSocket.waitFor('deal.moved', (p) => p.deal?.id === dealId);
    const res = await world.head.post(`/api/deals/${dealId}/accept`, { ownerId: world.ids.bob });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ownerId: world.ids.bob, stageId: world.stages['New'] });
    await told;
  });

  it('should refuse a malformed body and an owner that is not a user', async () => {
    const { dealId } = await missedLead();
    expect((await world.head.post(`/api/deals/${dealId}/accept`, { ownerId: 'bob' })).status).toBe(400);
    expect((await world.head.post(`/api/deals/${dealId}/accept`, { ownerId: world.ids.bob, extra: 1 })).status).toBe(400);
    expect((await world.head.post(`/api/deals/${dealId}/accept`, { ownerId: randomUUID() })).status).toBe(403);
    expect(await dealRow(dealId)).toMatchObject({ owner_id: null, system_key: 'unsorted' });
  });
});

describe('decline as spam', () => {
  it('should take the lead off every board at once, count it, and keep it for a Head to restore', async () => {
    const before = (await world.alice.get('/api/inbox/declined')).body;
    const { dealId } = await missedLead();
    expect(await boardIds(world.bob)).toContain(dealId);
    const gone = headSocket.waitFor('deal.removed', (p) => p.id === dealId);
    const res = await world.bob.post(`/api/deals/${dealId}/decline-spam`, {});
    expect(res.status).toBe(204);
    await gone;
    for (const api of [world.alice, world.bob, world.head]) expect(await boardIds(api)).not.toContain(dealId);
    expect((await world.head.get(`/api/deals/${dealId}`)).status).toBe(404);
    const row = await dealRow(dealId);
    expect(row.removed_as).toBe('spam');
    expect(row.deleted_at).not.toBeNull();

    // counted for everyone; listed, with who declined it, for Heads only
    const seller = (await world.alice.get('/api/inbox/declined')).body;
    expect(seller).toMatchObject({ total: before.total + 1, last7Days: before.last7Days + 1, items: [] });
    const head = (await world.head.get('/api/inbox/declined')).body;
    expect(head.items[0]).toMatchObject({ deal: { id: dealId }, declinedById: world.ids.bob, declinedByName: 'Bob Seller' });

    // a second decline: it is no longer there
    expect((await world.alice.post(`/api/deals/${dealId}/decline-spam`, {})).status).toBe(404);
    // only a Head restores
    expect((await world.alice.post(`/api/inbox/declined/${dealId}/restore`, {})).status).toBe(403);
    const back = headSocket.waitFor('deal.created', (p) => p.id === dealId);
    const restored = await world.head.post(`/api/inbox/declined/${dealId}/restore`, {});
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: dealId, ownerId: null, stageId: world.stages['Unsorted'] });
    await back;
    expect(await boardIds(world.alice)).toContain(dealId);
    expect((await world.head.get('/api/inbox/declined')).body.total).toBe(before.total);
    const timeline = ((await world.head.get(`/api/deals/${dealId}/events`)).body as { type: string }[]).map((e) => e.type);
    expect(timeline).toEqual(expect.arrayContaining(['declined_spam', 'restored']));
    // restoring twice finds nothing
    expect((await world.head.post(`/api/inbox/declined/${dealId}/restore`, {})).status).toBe(404);
    expect(await drift()).toEqual([]);
  });

  it('should refuse a lead whose call is still ringing, and a deal out of the inbox', async () => {
    const { dealId, callId } = await missedLead(newNumber(), false);
    const res = await world.alice.post(`/api/deals/${dealId}/decline-spam`, {});
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CALL_IN_PROGRESS');
    expect((await dealRow(dealId)).deleted_at).toBeNull();
    await send(ev(callId, 'missed', { reason: 'no_answer' }));
    const mine = (await world.alice.post('/api/deals', { title: 'Alice own deal' })).body.id;
    const out = await world.alice.post(`/api/deals/${mine}/decline-spam`, {});
    expect(out.status).toBe(409);
    expect(out.body.code).toBe('INBOX_DEAL_GONE');
    expect((await world.alice.post(`/api/deals/${dealId}/decline-spam`, {})).status).toBe(204);
  });
});

describe('merge', () => {
  it("should move the lead's calls, tasks and notes onto the contact's open deal and take the lead off the boards", async () => {
    const number = newNumber();
    // the contact's deal, taken by Alice, with a call of its own
    const first = await missedLead(number);
    expect((await world.alice.post(`/api/deals/${first.dealId}/accept`, {})).status).toBe(200);
    // the same number calls again while Alice's deal is open... as a new lead (e.g. a second enquiry)
    const [contact] = await sql(world, `SELECT contact_id FROM deals WHERE id = $1`, [first.dealId]);
    const lead = (await world.head.post('/api/deals', { title: 'Second enquiry', ownerId: null, stageId: world.stages['Unsorted'], contactId: contact.contact_id })).body.id;
    const callId = `${randomUUID()}@trunk`;
    await sql(world, `INSERT INTO calls (sip_call_id, direction, from_number, contact_id, deal_id, offered_at, ended_at, outcome) VALUES ($1, 'inbound', $2, $3, $4, now(), now(), 'missed')`, [
      callId,
      number,
      contact.contact_id,
      lead,
    ]);
    expect((await world.alice.post('/api/tasks', { title: 'Call back about the second enquiry', dealId: lead, dueAt: null })).status).toBe(201);
    expect((await world.alice.post(`/api/deals/${lead}/activities`, { kind: 'note', body: '<b>wants a quote</b>' })).status).toBe(201);

    // Bob may see the lead but not Alice's deal: the merge is refused, nothing moves
    const bobTry = await world.bob.post(`/api/deals/${lead}/merge`, { intoDealId: first.dealId });
    expect(bobTry.status).toBe(400);
    expect(bobTry.body.code).toBe('MERGE_TARGET_INVALID');
    expect((await sql(world, `SELECT deal_id FROM calls WHERE sip_call_id = $1`, [callId]))[0].deal_id).toBe(lead);

    const removed = headSocket.waitFor('deal.removed', (p) => p.id === lead);
    const res = await world.alice.post(`/api/deals/${lead}/merge`, { intoDealId: first.dealId });
    expect(res.status).toBe(200);
    expect(res.body.moved).toMatchObject({ calls: 1, tasks: 1, activities: 1 });
    expect(res.body.deal.id).toBe(first.dealId);
    await removed;
    expect((await sql(world, `SELECT deal_id FROM calls WHERE sip_call_id = $1`, [callId]))[0].deal_id).toBe(first.dealId);
    expect(Number((await sql(world, `SELECT count(*) AS n FROM tasks WHERE deal_id = $1`, [lead]))[0].n)).toBe(0);
    expect(await dealRow(lead)).toMatchObject({ removed_as: 'merged', merged_into_id: first.dealId });
    expect(await boardIds(world.head)).not.toContain(lead);

    const timeline = (await world.alice.get(`/api/deals/${first.dealId}/events`)).body as { type: string; data: any }[];
    expect(timeline.find((e) => e.type === 'merged')).toMatchObject({ data: { direction: 'from', fromDealId: lead, calls: 1, tasks: 1 } });
    // the lead's task and note entries followed it
    expect(timeline.filter((e) => e.type === 'task' || e.type === 'note').length).toBeGreaterThan(0);
    expect(await drift()).toEqual([]);
  });

  it('should refuse merging into itself, into a deal of another contact, into a closed deal, and a lead that is gone', async () => {
    const a = await missedLead();
    const b = await missedLead();
    expect((await world.head.post(`/api/deals/${a.dealId}/merge`, { intoDealId: a.dealId })).body.code).toBe('MERGE_TARGET_INVALID');
    const other = await world.head.post(`/api/deals/${a.dealId}/merge`, { intoDealId: b.dealId });
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('MERGE_TARGET_INVALID');
    expect((await world.head.post(`/api/deals/${a.dealId}/merge`, {})).status).toBe(400);
    expect((await world.head.post(`/api/deals/${a.dealId}/merge`, { intoDealId: 'x' })).status).toBe(400);
    const [contact] = await sql(world, `SELECT contact_id FROM deals WHERE id = $1`, [a.dealId]);
    const won = (await world.head.post('/api/deals', { title: 'Closed before', ownerId: world.ids.alice, stageId: world.stages['Won'], contactId: contact.contact_id })).body.id;
    const closed = await world.head.post(`/api/deals/${a.dealId}/merge`, { intoDealId: won });
    expect(closed.status).toBe(400);
    expect(closed.body.code).toBe('MERGE_TARGET_INVALID');
    expect(await dealRow(a.dealId)).toMatchObject({ deleted_at: null, removed_as: null });
    expect(await dealRow(b.dealId)).toMatchObject({ deleted_at: null, removed_as: null });
    // declined meanwhile: there is no lead to merge
    expect((await world.head.post(`/api/deals/${a.dealId}/decline-spam`, {})).status).toBe(204);
    expect((await world.head.post(`/api/deals/${a.dealId}/merge`, { intoDealId: b.dealId })).status).toBe(404);
  });
});
