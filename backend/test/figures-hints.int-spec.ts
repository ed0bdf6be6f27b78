import { RecordingSocket } from '../../test/support/socket';
import { createWorld, type World } from './fixtures';

// `figures.changed` (reports and the wallboard refetch): only to the rooms allowed to know.
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

const deals = (p: any) => p?.scope === 'deals';

describe('figures.changed', () => {
  it('should hint a Seller\'s deal to them and the Heads, never to another Seller', async () => {
    const { body: deal } = await world.alice.post('/api/deals', { title: 'Alice figures deal', amount: '10.00' });
    expect(deal.id).toBeDefined();
    await head.waitFor('figures.changed', deals);
    await alice.waitFor('figures.changed', deals);

    // Barrier: an inbox deal is Bob's to know; its hint is the first Bob may get, and events reach a
    // socket in the order they were sent, so anything about Alice's deal would have come before it.
    const { body: inbox } = await world.head.post('/api/deals', { title: 'Inbox lead', ownerId: null, stageId: world.stages['Unsorted'] });
    await bob.waitFor('deal.created', (d) => d.id === inbox.id);
    await bob.waitFor('figures.changed', deals);
    const order = bob.received.map((r) => (r.event === 'deal.created' && r.payload.id === inbox.id ? 'inbox deal' : r.event));
    expect(order.filter((e) => e === 'figures.changed' || e === 'inbox deal')).toEqual(['inbox deal', 'figures.changed']);
  });

  it('should coalesce a burst into at most a leading and a trailing hint per room and scope', async () => {
    const { body: deal } = await world.alice.post('/api/deals', { title: 'Busy deal' });
    const before = alice.events('figures.changed', deals).length;
    const stages = ['In progress', 'New', 'In progress', 'New', 'In progress', 'New'];
    for (const s of stages) await world.alice.post(`/api/deals/${deal.id}/move`, { stageId: world.stages[s] });
    await alice.waitFor('deal.moved', (p) => p.deal.id === deal.id && p.deal.stageId === world.stages['New'] && alice.events('deal.moved', (q) => q.deal.id === deal.id).length === stages.length);
    // 7 changes (created + 6 moves), well within a window or two: far fewer hints than changes
    const hints = alice.events('figures.changed', deals).length - before;
    expect(hints).toBeLessThanOrEqual(3);
  });
});
