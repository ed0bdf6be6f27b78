import { RecordingSocket } from '../../test/support/socket';
import { createWorld, type World } from './fixtures';

let world: World;
let head: RecordingSocket;
let alice: RecordingSocket;
let bob: RecordingSocket;

beforeAll(async () => {
  world = await createWorld();
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

/**
 * Events reach one socket in the order the server sent them. An inbox deal is seen by every
 * socket, so once it arrives, anything sent before it has arrived too.
 */
async function barrier(): Promise<void> {
  const { body } = await world.head.post('/api/deals', { title: `barrier ${Math.random()}`, ownerId: null, stageId: world.stages['Unsorted'] });
  await Promise.all([head, alice, bob].map((s) => s.waitFor('deal.created', (d) => d.id === body.id)));
}

const about = (id: string) => (p: any) => p?.id === id || p?.deal?.id === id;

describe('realtime channel', () => {
  it('should refuse a socket without a valid token', async () => {
    await expect(RecordingSocket.connect(world.backend.url, undefined)).rejects.toThrow(/token/i);
    await expect(RecordingSocket.connect(world.backend.url, 'not-a-token')).rejects.toThrow(/session/i);
  });

  it('should send a Seller\'s deal to them and the Head, never to another Seller', async () => {
    const { body: deal } = await world.alice.post('/api/deals', { title: 'Alice live deal', amount: '10.00' });
    await head.waitFor('deal.created', about(deal.id));
    await alice.waitFor('deal.created', about(deal.id));
    await world.alice.post(`/api/deals/${deal.id}/move`, { stageId: world.stages['In progress'] });
    const moved = await head.waitFor('deal.moved', about(deal.id));
    expect(moved.payload.fromStageId).toBe(world.stages['New']);
    expect(moved.payload.deal.stageId).toBe(world.stages['In progress']);
    await world.alice.patch(`/api/deals/${deal.id}`, { amount: '12.50' });
    await head.waitFor('deal.updated', (d) => d.id === deal.id && d.amount === '12.50');
    await barrier();
    expect(bob.received.filter((r) => about(deal.id)(r.payload))).toEqual([]);
  });

  it('should take a card off other Sellers\' boards when one of them takes it from the inbox', async () => {
    const { body: deal } = await world.head.post('/api/deals', { title: 'Shared lead', ownerId: null, stageId: world.stages['Unsorted'] });
    await Promise.all([alice, bob, head].map((s) => s.waitFor('deal.created', about(deal.id))));
    await world.bob.post(`/api/deals/${deal.id}/move`, { stageId: world.stages['New'] });
    await alice.waitFor('deal.removed', about(deal.id));
    const bobs = await bob.waitFor('deal.moved', about(deal.id));
    expect(bobs.payload.deal.ownerId).toBe(world.ids.bob);
    await head.waitFor('deal.moved', about(deal.id));
    await barrier();
    // Bob is in the inbox room too, but he hears that he has the card, not that it is gone.
    expect(bob.events('deal.removed', about(deal.id))).toEqual([]);
  });

  it('should move a reassigned card from the old owner\'s board to the new owner\'s', async () => {
    const { body: deal } = await world.alice.post('/api/deals', { title: 'Handover' });
    await alice.waitFor('deal.created', about(deal.id));
    await world.head.patch(`/api/deals/${deal.id}`, { ownerId: world.ids.bob });
    await alice.waitFor('deal.removed', about(deal.id));
    const arrived = await bob.waitFor('deal.updated', about(deal.id));
    expect(arrived.payload.ownerId).toBe(world.ids.bob);
    expect(arrived.payload.ownerName).toBe('Bob Seller');
  });

  it('should tell only those who could see it that a deal was deleted', async () => {
    const { body: deal } = await world.alice.post('/api/deals', { title: 'To delete' });
    await alice.waitFor('deal.created', about(deal.id));
    expect((await world.head.delete(`/api/deals/${deal.id}`)).status).toBe(204);
    await alice.waitFor('deal.removed', about(deal.id));
    await head.waitFor('deal.removed', about(deal.id));
    await barrier();
    expect(bob.received.filter((r) => about(deal.id)(r.payload))).toEqual([]);
  });

  it('should disconnect a deactivated user\'s sockets and refuse them back', async () => {
    const created = await world.head.post('/api/users', { email: 'carol@example.com', name: 'Carol', role: 'seller', password: 'carol-password' });
    expect(created.status).toBe(201);
    const carol = await world.anon.login('carol@example.com', 'carol-password');
    const socket = await RecordingSocket.connect(world.backend.url, carol.token);
    const closed = new Promise((resolve) => socket.socket.once('disconnect', resolve));
    await world.head.patch(`/api/users/${carol.user.id}`, { active: false });
    await closed;
    await expect(RecordingSocket.connect(world.backend.url, carol.token)).rejects.toThrow(/not active/);
    expect((await carol.api.get('/api/board')).status).toBe(401);
  });
});
