import type { SecurityBlocks } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const securityApi = {
  blocks: () => api.get<SecurityBlocks>('/security/blocks'),
};
