import { positionBetween, type Board, type BoardColumn, type Deal } from '@callboard/contracts';
import { addAmounts, subtractAmounts, toCents } from '@/lib/money';
import { dealMatchesFilters, type BoardFilters } from './board-filters';

// Pure board bookkeeping: where a dropped card goes, and how a deal event changes a cached
// board (cards, counts, totals). No React, no DOM, so it is unit-tested on its own.

/** Which deals a cached board shows: its pipeline, and for a Head optionally one owner. */
export interface BoardScope {
  pipelineId: string;
  /** A user id, "none" for unowned deals, or undefined for everyone. */
  ownerId?: string;
  /** The board's filters (source, amount range, no next task), if any. */
  filters?: BoardFilters;
}

/** Ordered card ids per stage while a drag is in progress. */
export type ColumnItems = Record<string, string[]>;

const COLUMN_PREFIX = 'column:';
export const columnDroppableId = (stageId: string): string => `${COLUMN_PREFIX}${stageId}`;
export const stageIdOfDroppable = (id: string): string | null =>
  id.startsWith(COLUMN_PREFIX) ? id.slice(COLUMN_PREFIX.length) : null;

export function dealInScope(deal: Deal, scope: BoardScope): boolean {
  if (deal.pipelineId !== scope.pipelineId) return false;
  if (!dealMatchesFilters(deal, scope.filters)) return false;
  if (scope.ownerId === undefined) return true;
  if (scope.ownerId === 'none') return deal.ownerId === null;
  return deal.ownerId === scope.ownerId;
}

export function findDeal(board: Board, id: string): { column: BoardColumn; deal: Deal } | null {
  for (const column of board.columns) {
    const deal = column.deals.find((d) => d.id === id);
    if (deal) return { column, deal };
  }
  return null;
}

function isOlder(incoming: string, cached: string): boolean {
  const a = Date.parse(incoming);
  const b = Date.parse(cached);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return a < b;
}

/** Is a card with this position inside the loaded part of the column (vs. its unloaded tail)? */
function withinLoaded(column: BoardColumn, position: number): boolean {
  if (column.nextCursor === null) return true;
  const last = column.deals[column.deals.length - 1];
  return last !== undefined && position <= last.position;
}

export type CurrencyTotal = NonNullable<BoardColumn['amounts']>[number];

/** A column's totals with `amount` of `currency` added (negative: taken away); a currency at zero deals goes. */
export function adjustTotals(totals: CurrencyTotal[], currency: string, amount: string, sign: 1 | -1): CurrencyTotal[] {
  const found = totals.find((t) => t.currency === currency);
  const next = found ? (sign > 0 ? addAmounts(found.amount, amount) : subtractAmounts(found.amount, amount)) : sign > 0 ? addAmounts('0', amount) : null;
  const rest = totals.filter((t) => t.currency !== currency);
  if (next === null || (sign < 0 && toCents(next) === 0n)) return rest;
  return [...rest, { currency, amount: next }].sort((a, b) => a.currency.localeCompare(b.currency));
}

function withoutDeal(column: BoardColumn, deal: Deal, listed: boolean): BoardColumn {
  return {
    ...column,
    count: Math.max(0, column.count - 1),
    amount: subtractAmounts(column.amount, deal.amount),
    ...(column.amounts && { amounts: adjustTotals(column.amounts, deal.currency, deal.amount, -1) }),
    deals: listed ? column.deals.filter((d) => d.id !== deal.id) : column.deals,
  };
}

function withDeal(column: BoardColumn, deal: Deal): BoardColumn {
  const deals = withinLoaded(column, deal.position)
    ? [...column.deals, deal].sort((a, b) => a.position - b.position)
    : column.deals;
  return {
    ...column,
    count: column.count + 1,
    amount: addAmounts(column.amount, deal.amount),
    ...(column.amounts && { amounts: adjustTotals(column.amounts, deal.currency, deal.amount, 1) }),
    deals,
  };
}

export interface UpsertOptions {
  /** The stage the deal left (deal.moved), to account for a card in a column's unloaded tail. */
  fromStageId?: string;
  /** Apply even if the incoming copy is older than the cached one (rollback of a failed move). */
  force?: boolean;
}

/**
 * The board after a deal was created, changed or moved. Ignores a copy older than the cached
 * one (late events, echoes of our own change), so replaying events is harmless.
 */
export function upsertDeal(board: Board, deal: Deal, scope: BoardScope, opts: UpsertOptions = {}): Board {
  const existing = findDeal(board, deal.id);
  if (existing && !opts.force && isOlder(deal.updatedAt, existing.deal.updatedAt)) return board;
  // socket events and single-deal answers carry no next task: keep the one the board read
  if (deal.nextTask === undefined && existing?.deal.nextTask !== undefined) deal = { ...deal, nextTask: existing.deal.nextTask };

  const visible = dealInScope(deal, scope) && board.columns.some((c) => c.stageId === deal.stageId);
  let columns = board.columns;

  if (existing) {
    columns = columns.map((c) => (c.stageId === existing.column.stageId ? withoutDeal(c, existing.deal, true) : c));
  } else if (opts.fromStageId && dealInScope(deal, scope)) {
    // Not loaded, but counted in an incomplete column it just left.
    columns = columns.map((c) => (c.stageId === opts.fromStageId && c.nextCursor !== null ? withoutDeal(c, deal, false) : c));
  }
  if (visible) {
    columns = columns.map((c) => (c.stageId === deal.stageId ? withDeal(c, deal) : c));
  }
  return columns === board.columns ? board : { ...board, columns };
}

/** The board after a deal was deleted or became invisible to this user. */
export function removeDeal(board: Board, id: string): Board {
  const existing = findDeal(board, id);
  if (!existing) return board;
  return {
    ...board,
    columns: board.columns.map((c) => (c.stageId === existing.column.stageId ? withoutDeal(c, existing.deal, true) : c)),
  };
}

/** Cards appended by "load more": skip ones already present (a socket event may have added them). */
export function appendDeals(board: Board, stageId: string, deals: Deal[], nextCursor: string | null): Board {
  return {
    ...board,
    columns: board.columns.map((c) => {
      if (c.stageId !== stageId) return c;
      const known = new Set(c.deals.map((d) => d.id));
      const merged = [...c.deals, ...deals.filter((d) => !known.has(d.id))].sort((a, b) => a.position - b.position);
      return { ...c, deals: merged, nextCursor };
    }),
  };
}

export function columnItemsOf(board: Board): ColumnItems {
  const items: ColumnItems = {};
  for (const c of board.columns) items[c.stageId] = c.deals.map((d) => d.id);
  return items;
}

/** The stage holding a card id, or the stage of a column droppable id. */
export function containerOf(items: ColumnItems, id: string): string | null {
  const stage = stageIdOfDroppable(id);
  if (stage !== null) return stage in items ? stage : null;
  for (const [stageId, ids] of Object.entries(items)) if (ids.includes(id)) return stageId;
  return null;
}

/**
 * While dragging over another column: take the card out of its column and put it into
 * `toStageId`, next to the card `overId` (below it when `below`), or at the end when over the
 * column itself.
 */
export function moveAcrossColumns(items: ColumnItems, activeId: string, toStageId: string, overId: string | null, below: boolean): ColumnItems {
  const from = containerOf(items, activeId);
  if (from === null || from === toStageId || !(toStageId in items)) return items;
  const target = items[toStageId] ?? [];
  const overIndex = overId === null ? -1 : target.indexOf(overId);
  const index = overIndex < 0 ? target.length : overIndex + (below ? 1 : 0);
  return {
    ...items,
    [from]: (items[from] ?? []).filter((id) => id !== activeId),
    [toStageId]: [...target.slice(0, index), activeId, ...target.slice(index)],
  };
}

/** Within one column: put the active card where the card `overId` is. */
export function reorderWithinColumn(items: ColumnItems, stageId: string, activeId: string, overId: string): ColumnItems {
  const ids = items[stageId];
  if (!ids) return items;
  const from = ids.indexOf(activeId);
  const to = ids.indexOf(overId);
  if (from < 0 || to < 0 || from === to) return items;
  const next = ids.slice();
  next.splice(from, 1);
  next.splice(to, 0, activeId);
  return { ...items, [stageId]: next };
}

/**
 * Where a dropped card goes: its stage and a position between its new neighbours, computed with
 * the contracts' `positionBetween`. Null when the card ends where it started.
 */
export function resolveDrop(board: Board, dealId: string, stageId: string, orderedIds: string[]): { stageId: string; position: number } | null {
  const origin = findDeal(board, dealId);
  const index = orderedIds.indexOf(dealId);
  if (!origin || index < 0) return null;

  const positionOf = (id: string | undefined): number | null => {
    if (id === undefined) return null;
    const found = findDeal(board, id);
    return found ? found.deal.position : null;
  };
  const prevId = orderedIds[index - 1];
  const nextId = orderedIds[index + 1];

  if (origin.column.stageId === stageId) {
    const original = origin.column.deals.map((d) => d.id);
    const at = original.indexOf(dealId);
    if (original[at - 1] === prevId && original[at + 1] === nextId) return null;
  }
  return { stageId, position: positionBetween(positionOf(prevId), positionOf(nextId)) };
}
