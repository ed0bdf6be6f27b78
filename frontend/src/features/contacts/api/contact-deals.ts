import { queryOptions } from '@tanstack/react-query';
import type { Deal } from '@callboard/contracts';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-client';

/** The deals of one contact that the user may see (the API filters); one key for every section that needs them. */
export const contactDealsQuery = (contactId: string) =>
  queryOptions({
    queryKey: [...queryKeys.contact(contactId), 'deals'] as const,
    queryFn: ({ signal }) => api.get<{ items: Deal[] }>('/deals', { contactId, limit: 200 }, signal).then((page) => page.items),
  });
