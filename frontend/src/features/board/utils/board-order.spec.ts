import type { Board, BoardColumn, Deal } from '@callboard/contracts';
import {
  appendDeals,
  columnDroppableId,
  columnItemsOf,
  containerOf,
  moveAcrossColumns,
  removeDeal,
  reorderWithinColumn,
  resolveDrop,
  upsertDeal,
  type BoardScope,
} from './board-order';

const PIPE = 'p1';
const scope: BoardScope = { pipelineId: PIPE };

function deal(id: string, stageId: string, position: number, over: Partial<Deal> = {}): Deal {
  return {
    id,
    title: `Deal ${id}`,
    amount: '10.00',
    currency: 'EUR',
    pipelineId: PIPE,
    stageId,
    ownerId: 'u1',
    ownerName: 'Alice',
    contactId: null,
    contactName: null,
    contactPhone: null,
    source: 'manual',
    status: 'open',
    position,
    missed: false,
    lostReason: null,
    qualification: null,
    stageEnteredAt: '2024-01-01T00:00:00.000Z',
    lastContactAt: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...over,
  };
}

function column(stageId: string, deals: Deal[], over: Partial<BoardColumn> = {}): BoardColumn {
  return { stageId, count: deals.length, amount: `${deals.length * 10}.00`, deals, nextCursor: null, ...over };
}

function board(): Board {
  return {
    pipelineId: PIPE,
    columns: [column('s1', [deal('a', 's1', 0), deal('b', 's1', 1024), deal('c', 's1', 2048)]), column('s2', [deal('d', 's2', 0)])],
  };
}

const col = (b: Board, stageId: string) => b.columns.find((c) => c.stageId === stageId)!;
const ids = (b: Board, stageId: string) => col(b, stageId).deals.map((d) => d.id);

describe('resolveDrop', () => {
  it('should return null when a card is dropped where it started', () => {
    expect(resolveDrop(board(), 'b', 's1', ['a', 'b', 'c'])).toBeNull();
  });

  it('should place the card halfway between its new neighbours when moved inside a column', () => {
    expect(resolveDrop(board(), 'a', 's1', ['b', 'a', 'c'])).toEqual({ stageId: 's1', position: 1536 });
  });

  it('should place the card above the first one when dropped on top of another column', () => {
    expect(resolveDrop(board(), 'b', 's2', ['b', 'd'])).toEqual({ stageId: 's2', position: -1024 });
  });

  it('should place the card below the last one when dropped at the bottom of a column', () => {
    expect(resolveDrop(board(), 'a', 's2', ['d', 'a'])).toEqual({ stageId: 's2', position: 1024 });
  });

  it('should use position 0 when dropped into an empty column', () => {
    const b: Board = { ...board(), columns: [...board().columns, column('s3', [])] };
    expect(resolveDrop(b, 'a', 's3', ['a'])).toEqual({ stageId: 's3', position: 0 });
  });
});

describe('upsertDeal', () => {
  it('should move the card and adjust counts and exact totals when a deal changes stage', () => {
    const b = upsertDeal(board(), deal('a', 's2', 512, { amount: '0.10', updatedAt: '2024-01-02T00:00:00.000Z' }), scope);
    expect(ids(b, 's1')).toEqual(['b', 'c']);
    expect(ids(b, 's2')).toEqual(['d', 'a']);
    expect(col(b, 's1')).toMatchObject({ count: 2, amount: '20.00' });
    expect(col(b, 's2')).toMatchObject({ count: 2, amount: '10.10' });
  });

  it('should ignore the event when the incoming copy is older than the cached one', () => {
    const start = upsertDeal(board(), deal('a', 's1', 0, { title: 'new', updatedAt: '2024-01-03T00:00:00.000Z' }), scope);
    const after = upsertDeal(start, deal('a', 's2', 0, { updatedAt: '2024-01-02T00:00:00.000Z' }), scope);
    expect(after).toBe(start);
  });

  it('should apply an older copy when forced for a rollback', () => {
    const moved = upsertDeal(board(), deal('a', 's2', 5, { updatedAt: '2024-01-05T00:00:00.000Z' }), scope);
    const back = upsertDeal(moved, deal('a', 's1', 0), scope, { force: true });
    expect(ids(back, 's1')).toEqual(['a', 'b', 'c']);
    expect(col(back, 's2').count).toBe(1);
  });

  it('should add a new card on top when a deal is created with the lowest position', () => {
    const b = upsertDeal(board(), deal('n', 's1', -1024, { amount: '1250.55' }), scope);
    expect(ids(b, 's1')).toEqual(['n', 'a', 'b', 'c']);
    expect(col(b, 's1')).toMatchObject({ count: 4, amount: '1280.55' });
  });

  it('should drop the card when the deal no longer matches the owner filter', () => {
    const b = upsertDeal(board(), deal('a', 's1', 0, { ownerId: 'u2', updatedAt: '2024-01-02T00:00:00.000Z' }), { pipelineId: PIPE, ownerId: 'u1' });
    expect(ids(b, 's1')).toEqual(['b', 'c']);
    expect(col(b, 's1').count).toBe(2);
  });

  it('should count but not list the card when it falls in the unloaded tail of a column', () => {
    const start: Board = { ...board(), columns: [column('s1', [deal('a', 's1', 0)], { count: 5, amount: '50.00', nextCursor: 'x' })] };
    const b = upsertDeal(start, deal('z', 's1', 9999), scope);
    expect(ids(b, 's1')).toEqual(['a']);
    expect(col(b, 's1')).toMatchObject({ count: 6, amount: '60.00' });
  });

  it('should decrement the column it left when an unloaded deal moves out of an incomplete column', () => {
    const start: Board = { ...board(), columns: [column('s1', [], { count: 3, amount: '30.00', nextCursor: 'x' }), column('s2', [])] };
    const b = upsertDeal(start, deal('z', 's2', 0), scope, { fromStageId: 's1' });
    expect(col(b, 's1')).toMatchObject({ count: 2, amount: '20.00' });
    expect(ids(b, 's2')).toEqual(['z']);
  });

  it('should ignore a deal of another pipeline when it was never on the board', () => {
    const start = board();
    expect(upsertDeal(start, deal('x', 's1', 0, { pipelineId: 'p2' }), scope)).toBe(start);
  });
});

describe('removeDeal', () => {
  it('should remove the card and subtract its amount when the deal is removed', () => {
    const b = removeDeal(board(), 'd');
    expect(col(b, 's2')).toMatchObject({ count: 0, amount: '0.00', deals: [] });
  });

  it('should return the same board when the deal is unknown', () => {
    const start = board();
    expect(removeDeal(start, 'nope')).toBe(start);
  });
});

describe('appendDeals', () => {
  it('should append loaded cards without duplicates when a page overlaps the cache', () => {
    const b = appendDeals(board(), 's2', [deal('d', 's2', 0), deal('e', 's2', 10)], null);
    expect(ids(b, 's2')).toEqual(['d', 'e']);
    expect(col(b, 's2').nextCursor).toBeNull();
  });
});

describe('drag bookkeeping', () => {
  it('should find the column of a card or of a column droppable when asked', () => {
    const items = columnItemsOf(board());
    expect(containerOf(items, 'd')).toBe('s2');
    expect(containerOf(items, columnDroppableId('s1'))).toBe('s1');
    expect(containerOf(items, 'unknown')).toBeNull();
  });

  it('should insert the card below the hovered card when dragged into another column', () => {
    const items = moveAcrossColumns(columnItemsOf(board()), 'a', 's2', 'd', true);
    expect(items).toEqual({ s1: ['b', 'c'], s2: ['d', 'a'] });
  });

  it('should append the card when dragged over an empty part of another column', () => {
    const items = moveAcrossColumns(columnItemsOf(board()), 'd', 's1', null, false);
    expect(items.s1).toEqual(['a', 'b', 'c', 'd']);
    expect(items.s2).toEqual([]);
  });

  it('should reorder the ids when a card is dragged over another card of its column', () => {
    const items = reorderWithinColumn(columnItemsOf(board()), 's1', 'c', 'a');
    expect(items.s1).toEqual(['c', 'a', 'b']);
  });
});

describe('totals per currency and the next task', () => {
  const withTotals = (): Board => ({
    pipelineId: PIPE,
    columns: [
      column('s1', [deal('a', 's1', 0, { amount: '10.00', currency: 'EUR' }), deal('h', 's1', 1024, { amount: '5000.00', currency: 'HUF' })], {
        amount: '5010.00',
        amounts: [
          { currency: 'EUR', amount: '10.00' },
          { currency: 'HUF', amount: '5000.00' },
        ],
      }),
      column('s2', [], { amount: '0.00', amounts: [] }),
    ],
  });

  it('should move a deal\'s amount between the totals of its own currency only when it changes column', () => {
    const b = upsertDeal(withTotals(), deal('h', 's2', 0, { amount: '5000.00', currency: 'HUF', updatedAt: '2024-01-02T00:00:00.000Z' }), scope);
    expect(col(b, 's1').amounts).toEqual([{ currency: 'EUR', amount: '10.00' }]);
    expect(col(b, 's2').amounts).toEqual([{ currency: 'HUF', amount: '5000.00' }]);
  });

  it('should add a new currency to a column in code order', () => {
    const b = upsertDeal(withTotals(), deal('u', 's1', 3000, { amount: '1.50', currency: 'USD' }), scope);
    expect(col(b, 's1').amounts?.map((t) => t.currency)).toEqual(['EUR', 'HUF', 'USD']);
  });

  it('should keep the next task the board read when an event brings the deal without one', () => {
    const start = withTotals();
    start.columns[0]!.deals[0] = { ...start.columns[0]!.deals[0]!, nextTask: { id: 't', title: 'Call back', dueAt: null } };
    const b = upsertDeal(start, deal('a', 's1', 0, { title: 'Renamed', currency: 'EUR', updatedAt: '2024-01-02T00:00:00.000Z' }), scope);
    expect(col(b, 's1').deals.find((d) => d.id === 'a')).toMatchObject({ title: 'Renamed', nextTask: { title: 'Call back' } });
    const cleared = upsertDeal(b, deal('a', 's1', 0, { nextTask: null, updatedAt: '2024-01-03T00:00:00.000Z' }), scope);
    expect(col(cleared, 's1').deals.find((d) => d.id === 'a')!.nextTask).toBeNull();
  });
});
