import type { Call, CallListQuery } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export type CallKind = CallListQuery['kind'];

export interface CallFilter {
  kind?: CallKind;
  /** A rep's calls: a Head any rep's, a Seller their own. */
  userId?: string | null;
  dealId?: string;
  contactId?: string;
}

/** Every call list's cache key starts here, so one invalidation refreshes them all. */
export const callKeys = {
  all: ['calls'] as const,
  list: (filter: CallFilter, limit: number) => ['calls', 'list', filter, limit] as const,
};

/** GET /api/calls: newest first; `after` (a call's id) gives the page after that call. */
export function listCalls(filter: CallFilter, limit = 50, after?: string, signal?: AbortSignal): Promise<Call[]> {
  return api.get<Call[]>(
    '/calls',
    { kind: filter.kind ?? 'all', userId: filter.userId ?? undefined, dealId: filter.dealId, contactId: filter.contactId, limit, after },
    signal,
  );
}
