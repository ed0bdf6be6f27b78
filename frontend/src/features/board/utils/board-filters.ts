import { DealSource, Tag, type Deal } from '@callboard/contracts';
import { toCents } from '@/lib/money';

// The board's filters and view as URL search parameters (so a filtered board can be bookmarked,
// shared and reloaded), and the same filters applied to one deal for the live cache. Pure (their
// words are in board-messages.ts).

export interface BoardFilters {
  source?: DealSource;
  minAmount?: string;
  maxAmount?: string;
  noNextTask?: boolean;
  /** Deals carrying this tag (case-insensitive). */
  tag?: string;
}

export type BoardViewMode = 'board' | 'list';

export const SORT_KEYS = ['title', 'stage', 'amount', 'owner', 'source', 'days', 'next'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface ListSort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;

/** The filters in the URL; anything malformed there is ignored, not sent. */
export function filtersFromParams(params: URLSearchParams): BoardFilters {
  const source = DealSource.safeParse(params.get('source'));
  const min = params.get('min');
  const max = params.get('max');
  const tag = Tag.safeParse(params.get('tag') ?? '');
  return {
    ...(source.success && { source: source.data }),
    ...(min && AMOUNT.test(min) && { minAmount: min }),
    ...(max && AMOUNT.test(max) && { maxAmount: max }),
    ...(params.get('noTask') === '1' && { noNextTask: true }),
    ...(tag.success && { tag: tag.data }),
  };
}

/** URL parameter names of each filter, for writing them back. */
export const FILTER_PARAMS = { source: 'source', minAmount: 'min', maxAmount: 'max', noNextTask: 'noTask', tag: 'tag' } as const;

export function viewFromParams(params: URLSearchParams): BoardViewMode {
  return params.get('view') === 'list' ? 'list' : 'board';
}

export function sortFromParams(params: URLSearchParams): ListSort {
  const key = (SORT_KEYS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as SortKey) : 'stage';
  return { key, dir: params.get('dir') === 'desc' ? 'desc' : 'asc' };
}

export function hasFilters(f: BoardFilters): boolean {
  return f.source !== undefined || f.minAmount !== undefined || f.maxAmount !== undefined || f.noNextTask === true || f.tag !== undefined;
}

/**
 * Whether a deal (from a socket event, say) belongs on a board with these filters. A deal that
 * comes without its next task cannot be judged on "no next task" and is let through.
 */
export function dealMatchesFilters(deal: Deal, f: BoardFilters = {}): boolean {
  if (f.source !== undefined && deal.source !== f.source) return false;
  const cents = toCents(deal.amount);
  if (f.minAmount !== undefined && cents !== null && cents < (toCents(f.minAmount) ?? 0n)) return false;
  if (f.maxAmount !== undefined && cents !== null && cents > (toCents(f.maxAmount) ?? 0n)) return false;
  if (f.noNextTask && deal.nextTask) return false;
  // a deal from an older server comes without tags: let it through, like the next task
  if (f.tag !== undefined && deal.tags && !deal.tags.some((t) => t.toLowerCase() === f.tag!.toLowerCase())) return false;
  return true;
}
