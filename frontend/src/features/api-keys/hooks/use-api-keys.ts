import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateApiKeyRequest } from '@callboard/contracts';
import { apiKeysApi } from '../api/api-keys-api';

const key = ['api-keys'] as const;

export function useApiKeys() {
  return useQuery({ queryKey: key, queryFn: apiKeysApi.list });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (body: CreateApiKeyRequest) => apiKeysApi.create(body), onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (id: string) => apiKeysApi.revoke(id), onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}
