import { useQuery } from '@tanstack/react-query';
import { tagsApi } from '../api/tags-api';

export const TAGS_KEY = ['deal-tags'] as const;

/** Tags to suggest, most used first; refreshed after a minute (they change rarely). */
export function useTagSuggestions() {
  return useQuery({ queryKey: TAGS_KEY, queryFn: ({ signal }) => tagsApi.inUse(signal), staleTime: 60_000 });
}
