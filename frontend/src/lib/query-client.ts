import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from './api-client';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not get better by retrying.
        retry: (count, error) =>
          !(error instanceof ApiRequestError && error.statusCode >= 400 && error.statusCode < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

/** Query keys in one place, so cache updates from sockets and mutations hit the same entries. */
export const queryKeys = {
  me: ['me'] as const,
  pipelines: ['pipelines'] as const,
  users: ['users'] as const,
  boards: ['board'] as const,
  board: (pipelineId: string | undefined, ownerId: string | undefined) => ['board', pipelineId ?? 'default', ownerId ?? 'all'] as const,
  deal: (id: string) => ['deal', id] as const,
  dealEvents: (id: string) => ['deal', id, 'events'] as const,
  contacts: ['contacts'] as const,
  contactSearch: (q: string) => ['contacts', 'search', q] as const,
  contact: (id: string) => ['contacts', 'one', id] as const,
  allDevices: ['devices'] as const,
  devices: (userId: string | undefined) => ['devices', userId ?? 'visible'] as const,
};
