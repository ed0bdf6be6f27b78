import { buildFunnel, type FunnelGroup, type FunnelStageDef } from './funnel';

const stages: FunnelStageDef[] = [
  { id: 'u', name: 'Unsorted', group: 'inbox', sortOrder: 0 },
  { id: 'n', name: 'New', group: 'active', sortOrder: 1 },
  { id: 'i', name: 'Initial contact', group: 'active', sortOrder: 2 },
  { id: 'w', name: 'Won', group: 'won', sortOrder: 5 },
  { id: 'l', name: 'Lost', group: 'lost', sortOrder: 6 },
];
const group = (g: Partial<FunnelGroup>): FunnelGroup => ({
  ownerId: 'a', ownerName: 'Alice', furthestOrder: 0, status: 'open', currency: 'EUR', lostFromStageId: null, lostReason: null, deals: 1, cents: '10000', ...g,
});

describe('buildFunnel', () => {
  it('should count a deal in every step up to its furthest one, and a won deal in every step', () => {
    const f = buildFunnel(stages, [group({ furthestOrder: 1 }), group({ status: 'won', furthestOrder: 0, cents: '5050' })]);
    expect(f.stages.map((s) => [s.name, s.reached])).toEqual([['Unsorted', 2], ['New', 2], ['Initial contact', 1]]);
    expect(f.stages[1].amounts).toEqual([{ currency: 'EUR', amount: '150.50' }]);
    expect(f.stages[0].conversionToNext).toBe(1);
    expect(f.stages[1].conversionToNext).toBe(0.5);
    expect(f.stages[2].conversionToNext).toBeNull();
    expect(f.won).toEqual({ count: 1, amounts: [{ currency: 'EUR', amount: '50.50' }] });
  });

  it('should put a lost deal under the step it was lost from, with its reason', () => {
    const f = buildFunnel(stages, [
      group({ status: 'lost', furthestOrder: 2, lostFromStageId: 'n', lostReason: 'price', deals: 2 }),
      group({ status: 'lost', furthestOrder: 2, lostFromStageId: 'n', lostReason: null }),
    ]);
    expect(f.stages[1].lost).toBe(3);
    expect(f.stages[1].lostReasons).toEqual([{ reason: 'price', count: 2 }, { reason: null, count: 1 }]);
    expect(f.stages[2].reached).toBe(3); // moved back before it was lost: it still reached Initial contact
    expect(f.lost.count).toBe(3);
  });

  it('should keep currencies apart and list unowned deals last per rep', () => {
    const f = buildFunnel(stages, [group({ currency: 'HUF', cents: '100' }), group({ ownerId: null, ownerName: null }), group({ ownerId: 'b', ownerName: 'Bob' })]);
    expect(f.stages[0].amounts).toEqual([{ currency: 'EUR', amount: '200.00' }, { currency: 'HUF', amount: '1.00' }]);
    expect(f.perRep.map((r) => r.userId)).toEqual(['a', 'b', null]);
    expect(f.cohort).toBe(3);
    expect(f.open).toBe(3);
  });
});
