import type { Board, Deal, DeclinedLeads, MoveDealRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';
import type { BoardFilters } from '../utils/board-filters';

export interface DealPage {
  items: Deal[];
  nextCursor: string | null;
}

export interface DealListParams extends BoardFilters {
  stageId?: string;
  pipelineId?: string;
  ownerId?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

/** Filters as query parameters: a flag only when set. */
const asQuery = <T extends BoardFilters>({ noNextTask, ...rest }: T) => ({ ...rest, noNextTask: noNextTask ? 'true' : undefined });

export const boardApi = {
  board: (params: { pipelineId?: string; ownerId?: string; limit?: number } & BoardFilters, signal?: AbortSignal) =>
    api.get<Board>('/board', asQuery(params), signal),
  deals: (params: DealListParams, signal?: AbortSignal) => api.get<DealPage>('/deals', asQuery(params), signal),
  move: (dealId: string, body: MoveDealRequest) => api.post<Deal>(`/deals/${dealId}/move`, body),
  /** Leads declined as spam: counts for everyone, the newest for Heads. */
  declined: (signal?: AbortSignal) => api.get<DeclinedLeads>('/inbox/declined', { limit: 100 }, signal),
  restore: (dealId: string) => api.post<Deal>(`/inbox/declined/${dealId}/restore`, {}),
};

export const DECLINED_LEADS_KEY = ['inbox', 'declined'] as const;
