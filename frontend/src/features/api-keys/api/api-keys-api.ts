import type { ApiKeyInfo, CreateApiKeyRequest, CreatedApiKey } from '@callboard/contracts';
import { api } from '@/lib/api-client';

/** The Heads' side (their own session; a key never reaches these routes). */
export const apiKeysApi = {
  list: () => api.get<ApiKeyInfo[]>('/api-keys'),
  create: (body: CreateApiKeyRequest) => api.post<CreatedApiKey>('/api-keys', body),
  revoke: (id: string) => api.delete<void>(`/api-keys/${id}`),
};
