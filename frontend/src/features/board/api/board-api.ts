import type { Board, Deal, MoveDealRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export interface DealPage {
  items: Deal[];
  nextCursor: string | null;
}

export interface DealListParams {
  stageId?: string;
  pipelineId?: string;
  ownerId?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

export const boardApi = {
  board: (params: { pipelineId?: string; ownerId?: string; limit?: number }, signal?: AbortSignal) =>
    api.get<Board>('/board', { ...params }, signal),
  deals: (params: DealListParams, signal?: AbortSignal) => api.get<DealPage>('/deals', { ...params }, signal),
  move: (dealId: string, body: MoveDealRequest) => api.post<Deal>(`/deals/${dealId}/move`, body),
};
