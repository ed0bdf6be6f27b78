import type { Board, BoardColumn, Deal } from '@callboard/contracts';
import { createWorld, type World } from './fixtures';

// Issue 13's board: totals per currency, each card's next task, and the filters (owner, source,
// amount range, no next task) on the board and the deal list, within what each user may see.

let world: World;
let stage: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  world = await createWorld();
  stage = world.stages['In progress']!;
  const make = async (api: World['alice'], title: string, amount: string, currency: string) => {
    const res = await api.post<Deal>('/api/deals', { title, amount, currency, stageId: stage });
    expect(res.status).toBe(201);
    ids[title] = res.body.id;
  };
  await make(world.alice, 'A eur small', '100.00', 'EUR');
  await make(world.alice, 'A eur big', '900.50', 'EUR');
  await make(world.alice, 'A huf', '250000.00', 'HUF');
  await make(world.bob, 'B usd', '75.25', 'USD');
  const due = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  await world.alice.post('/api/tasks', { title: 'Undated note', dealId: ids['A eur small'], dueAt: null });
  await world.alice.post('/api/tasks', { title: 'Later call', dealId: ids['A eur small'], dueAt: due(48) });
  await world.alice.post('/api/tasks', { title: 'Overdue offer', dealId: ids['A eur small'], dueAt: due(-5) });
  await world.alice.post('/api/tasks', { title: 'Undated', dealId: ids['A eur big'], dueAt: null });
}, 60_000);

afterAll(async () => {
  await world?.backend.destroy();
});

const column = (b: Board): BoardColumn => b.columns.find((c) => c.stageId === stage)!;
const titles = (c: BoardColumn) => c.deals.map((d) => d.title).sort();

describe('board cards and totals', () => {
  it('should total a column per currency, without converting, for what the user may see', async () => {
    const head = column((await world.head.get<Board>('/api/board')).body);
    expect(head.amounts).toEqual([
      { currency: 'EUR', amount: '1000.50' },
      { currency: 'HUF', amount: '250000.00' },
      { currency: 'USD', amount: '75.25' },
    ]);
    expect(head.count).toBe(4);
    const alice = column((await world.alice.get<Board>('/api/board')).body);
    expect(alice.amounts).toEqual([
      { currency: 'EUR', amount: '1000.50' },
      { currency: 'HUF', amount: '250000.00' },
    ]);
    const empty = (await world.head.get<Board>('/api/board')).body.columns.find((c) => c.stageId === world.stages['Won'])!;
    expect(empty.amounts).toEqual([]);
  });

  it('should give each card its next open task, earliest due first, undated last, and null without one', async () => {
    const deals = column((await world.alice.get<Board>('/api/board')).body).deals;
    const by = (t: string) => deals.find((d) => d.title === t)!;
    expect(by('A eur small').nextTask).toMatchObject({ title: 'Overdue offer' });
    expect(Date.parse(by('A eur small').nextTask!.dueAt!)).toBeLessThan(Date.now());
    expect(by('A eur big').nextTask).toMatchObject({ title: 'Undated', dueAt: null });
    expect(by('A huf').nextTask).toBeNull();
    expect(by('A eur small').stageEnteredAt).toEqual(expect.any(String));
  });

  it('should filter the board and the list by amount range, source and no next task, and keep counts and totals to the filter', async () => {
    const ranged = column((await world.head.get<Board>('/api/board?minAmount=100&maxAmount=1000')).body);
    expect(titles(ranged)).toEqual(['A eur big', 'A eur small']);
    expect(ranged.count).toBe(2);
    expect(ranged.amounts).toEqual([{ currency: 'EUR', amount: '1000.50' }]);

    const none = column((await world.alice.get<Board>('/api/board?noNextTask=true')).body);
    expect(titles(none)).toEqual(['A huf']);

    expect(titles(column((await world.head.get<Board>('/api/board?source=manual')).body))).toHaveLength(4);
    expect(titles(column((await world.head.get<Board>('/api/board?source=web_form')).body))).toEqual([]);

    const list = await world.head.get<{ items: Deal[] }>(`/api/deals?stageId=${stage}&noNextTask=1&minAmount=1000`);
    expect(list.body.items.map((d) => d.title).sort()).toEqual(['A huf']);
    expect(list.body.items[0]!.nextTask).toBeNull();
  });

  it('should never show another Seller\'s deal through a filter, and refuse a malformed one', async () => {
    const bob = column((await world.bob.get<Board>('/api/board?noNextTask=true')).body);
    expect(titles(bob)).toEqual(['B usd']);
    expect((await world.head.get('/api/board?minAmount=lots')).status).toBe(400);
    expect((await world.head.get('/api/board?source=fax')).status).toBe(400);
  });
});
