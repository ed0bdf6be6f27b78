import type { TagUsage } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const tagsApi = {
  /** The tags on the deals the user may see, most used first. */
  inUse: (signal?: AbortSignal) => api.get<TagUsage[]>('/deals/tags', undefined, signal),
};
