import type { SearchResults } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const searchApi = {
  find: (q: string, limit: number, signal?: AbortSignal) => api.get<SearchResults>('/search', { q, limit }, signal),
};
