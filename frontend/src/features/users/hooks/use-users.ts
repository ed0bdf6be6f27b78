import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { User } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { usersApi } from '../api/users-api';

/** Users visible to the caller (Head: all incl. inactive; Seller: active ones). */
export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: usersApi.list, staleTime: 60_000 });
}

/** Active users, sorted by name: the people a deal can be assigned to. */
export function useAssignableUsers(): User[] {
  const { data } = useUsers();
  return useMemo(() => (data ?? []).filter((u) => u.active).sort((a, b) => a.name.localeCompare(b.name)), [data]);
}
