import type { Board, Deal, DealEvent, TagUsage } from '@callboard/contracts';
import { createWorld, type World } from './fixtures';

// Tags on deals (issue 13): what the contract refuses, the board's and the list's tag filter, and
// the suggestions list, which never shows a Seller a tag that sits only on another Seller's deals.

let world: World;
let stage: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  world = await createWorld();
  stage = world.stages['In progress']!;
  const make = async (api: World['alice'], title: string, tags: string[]) => {
    const res = await api.post<Deal>('/api/deals', { title, stageId: stage, tags });
    expect(res.status).toBe(201);
    ids[title] = res.body.id;
  };
  await make(world.alice, 'A vip', ['VIP', 'renewal']);
  await make(world.alice, 'A plain', []);
  await make(world.alice, 'A vip too', ['vip']);
  await make(world.bob, 'B secret', ['Bob-only', 'VIP']);
}, 60_000);

afterAll(async () => {
  await world?.backend.destroy();
});

const boardTitles = (b: Board) => b.columns.flatMap((c) => c.deals.map((d) => d.title)).sort();

describe('deal tags', () => {
  it('should keep tags trimmed and as typed on create, and show them on the board, the list and the deal', async () => {
    const res = await world.alice.post<Deal>('/api/deals', { title: 'A trimmed', stageId: stage, tags: ['  Hot lead  '] });
    expect(res.status).toBe(201);
    expect(res.body.tags).toEqual(['Hot lead']);
    expect((await world.alice.get<Deal>(`/api/deals/${ids['A vip']}`)).body.tags).toEqual(['VIP', 'renewal']);
    const card = (await world.alice.get<Board>('/api/board')).body.columns.flatMap((c) => c.deals).find((d) => d.id === ids['A vip']);
    expect(card?.tags).toEqual(['VIP', 'renewal']);
    const item = (await world.alice.get<{ items: Deal[] }>('/api/deals?q=A%20vip')).body.items.find((d) => d.id === ids['A vip']);
    expect(item?.tags).toEqual(['VIP', 'renewal']);
    await world.head.delete(`/api/deals/${res.body.id}`);
  });

  it.each([
    ['an empty tag', ['  ']],
    ['a tag over 32 characters', ['x'.repeat(33)]],
    ['a control character', ['bad\u0007tag']],
    ['a newline', ['two\nlines']],
    ['eleven tags', Array.from({ length: 11 }, (_, i) => `t${i}`)],
    ['the same tag twice in another case', ['Vip', 'vIP']],
    ['a tag that is not text', [42]],
  ])('should refuse %s (400) and leave the deal as it was', async (_what, tags) => {
    const res = await world.alice.patch(`/api/deals/${ids['A vip']}`, { tags });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect((await world.alice.get<Deal>(`/api/deals/${ids['A vip']}`)).body.tags).toEqual(['VIP', 'renewal']);
  });

  it('should accept 10 tags of 32 characters', async () => {
    const tags = Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(32, 'x'));
    const res = await world.alice.patch<Deal>(`/api/deals/${ids['A plain']}`, { tags });
    expect(res.status).toBe(200);
    expect(res.body.tags).toEqual(tags);
    expect((await world.alice.patch<Deal>(`/api/deals/${ids['A plain']}`, { tags: [] })).body.tags).toEqual([]);
  });

  it('should record a tag change on the timeline as an edit, and only a real change', async () => {
    const id = ids['A vip too'];
    expect((await world.alice.patch<Deal>(`/api/deals/${id}`, { tags: ['vip', 'Q4'] })).status).toBe(200);
    await world.alice.patch(`/api/deals/${id}`, { tags: ['vip', 'Q4'] });
    const edits = (await world.alice.get<DealEvent[]>(`/api/deals/${id}/events`)).body.filter((e) => e.type === 'edited');
    expect(edits).toHaveLength(1);
    expect(edits[0].data).toEqual({ changes: { tags: { from: ['vip'], to: ['vip', 'Q4'] } } });
    await world.alice.patch(`/api/deals/${id}`, { tags: ['vip'] });
  });

  it('should let only those who may edit the deal change its tags', async () => {
    expect((await world.bob.patch(`/api/deals/${ids['A vip']}`, { tags: ['mine'] })).status).toBe(404);
    expect((await world.alice.get<Deal>(`/api/deals/${ids['A vip']}`)).body.tags).toEqual(['VIP', 'renewal']);
  });

  it('should filter the board and the list by a tag, whatever its case, within what the user may see', async () => {
    expect(boardTitles((await world.alice.get<Board>('/api/board?tag=vip')).body)).toEqual(['A vip', 'A vip too']);
    expect(boardTitles((await world.head.get<Board>('/api/board?tag=VIP')).body)).toEqual(['A vip', 'A vip too', 'B secret']);
    expect(boardTitles((await world.bob.get<Board>('/api/board?tag=renewal')).body)).toEqual([]);
    const column = (await world.head.get<Board>('/api/board?tag=Vip')).body.columns.find((c) => c.stageId === stage)!;
    expect(column.count).toBe(3);
    const list = (await world.alice.get<{ items: Deal[] }>('/api/deals?tag=RENEWAL')).body.items.map((d) => d.title);
    expect(list).toEqual(['A vip']);
    expect((await world.alice.get('/api/deals?tag=' + 'x'.repeat(33))).status).toBe(400);
  });

  it('should suggest the tags on deals the user may see, most used first, never another Seller\'s', async () => {
    const tags = async (api: World['alice']) => {
      const res = await api.get<TagUsage[]>('/api/deals/tags');
      expect(res.status).toBe(200);
      return res.body;
    };
    expect(await tags(world.alice)).toEqual([
      { tag: 'VIP', count: 2 },
      { tag: 'renewal', count: 1 },
    ]);
    const bob = (await tags(world.bob)).map((t) => t.tag);
    expect(bob).toEqual(['Bob-only', 'VIP']);
    expect(bob).not.toContain('renewal');
    expect((await tags(world.head))[0]).toEqual({ tag: 'VIP', count: 3 });
    expect((await tags(world.alice)).map((t) => t.tag)).not.toContain('Bob-only');
  });
});
