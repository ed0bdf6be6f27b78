import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { wallboardAdminApi } from '../api/wallboard-api';

const key = ['wallboard-tokens'] as const;

export function useWallboardTokens() {
  return useQuery({ queryKey: key, queryFn: wallboardAdminApi.list });
}

export function useCreateWallboardToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (name: string) => wallboardAdminApi.create(name), onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}

export function useRevokeWallboardToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (id: string) => wallboardAdminApi.revoke(id), onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}
