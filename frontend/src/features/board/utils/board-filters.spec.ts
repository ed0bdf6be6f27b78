import type { Deal } from '@callboard/contracts';
import { dealMatchesFilters, filtersFromParams, hasFilters, sortFromParams, viewFromParams } from './board-filters';

const deal = (over: Partial<Deal> = {}): Deal => ({
  id: 'd1',
  title: 'Deal',
  amount: '1500.00',
  currency: 'EUR',
  pipelineId: 'p1',
  stageId: 's1',
  ownerId: null,
  ownerName: null,
  contactId: null,
  contactName: null,
  contactPhone: null,
  source: 'manual',
  status: 'open',
  position: 0,
  missed: false,
  lostReason: null,
  qualification: null,
  stageEnteredAt: '2024-01-01T00:00:00.000Z',
  lastContactAt: null,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...over,
});

describe('board filters in the URL', () => {
  it('should read source, amount range and no next task from the URL', () => {
    expect(filtersFromParams(new URLSearchParams('source=web_form&min=100&max=2000.5&noTask=1'))).toEqual({
      source: 'web_form',
      minAmount: '100',
      maxAmount: '2000.5',
      noNextTask: true,
    });
  });

  it('should read a tag from the URL, trimmed, and ignore one the server would refuse', () => {
    expect(filtersFromParams(new URLSearchParams('tag=%20VIP%20'))).toEqual({ tag: 'VIP' });
    expect(filtersFromParams(new URLSearchParams(`tag=${'x'.repeat(33)}`))).toEqual({});
    expect(filtersFromParams(new URLSearchParams('tag=%20'))).toEqual({});
    expect(hasFilters({ tag: 'VIP' })).toBe(true);
  });

  it('should ignore malformed values rather than send them', () => {
    expect(filtersFromParams(new URLSearchParams('source=fax&min=lots&max=-3&noTask=yes'))).toEqual({});
    expect(hasFilters({})).toBe(false);
  });

  it('should read the view and the sort, with defaults', () => {
    expect(viewFromParams(new URLSearchParams('view=list'))).toBe('list');
    expect(viewFromParams(new URLSearchParams('view=grid'))).toBe('board');
    expect(sortFromParams(new URLSearchParams('sort=amount&dir=desc'))).toEqual({ key: 'amount', dir: 'desc' });
    expect(sortFromParams(new URLSearchParams('sort=drop table'))).toEqual({ key: 'stage', dir: 'asc' });
  });
});

describe('dealMatchesFilters', () => {
  it('should keep a deal out of a filtered board when its source or amount does not match', () => {
    expect(dealMatchesFilters(deal(), { source: 'inbound_call' })).toBe(false);
    expect(dealMatchesFilters(deal(), { minAmount: '1500.01' })).toBe(false);
    expect(dealMatchesFilters(deal(), { maxAmount: '1499.99' })).toBe(false);
    expect(dealMatchesFilters(deal(), { minAmount: '1500', maxAmount: '1500' })).toBe(true);
  });

  it('should judge "no next task" only when the deal says what its next task is', () => {
    expect(dealMatchesFilters(deal({ nextTask: { id: 't', title: 'Call', dueAt: null } }), { noNextTask: true })).toBe(false);
    expect(dealMatchesFilters(deal({ nextTask: null }), { noNextTask: true })).toBe(true);
    expect(dealMatchesFilters(deal(), { noNextTask: true })).toBe(true);
  });

  it('should keep a deal on a tag-filtered board only when it carries the tag, whatever its case', () => {
    expect(dealMatchesFilters(deal({ tags: ['VIP', 'Q4'] }), { tag: 'vip' })).toBe(true);
    expect(dealMatchesFilters(deal({ tags: ['Q4'] }), { tag: 'vip' })).toBe(false);
    expect(dealMatchesFilters(deal({ tags: [] }), { tag: 'vip' })).toBe(false);
  });
});
