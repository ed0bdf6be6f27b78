import type { DialPolicySettings, DialPolicyUser, DialPolicyView } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const dialPolicyApi = {
  view: () => api.get<DialPolicyView>('/dial-policy'),
  save: (body: DialPolicySettings) => api.put<DialPolicySettings>('/dial-policy', body),
  setInternational: (userId: string, internationalAllowed: boolean) =>
    api.put<DialPolicyUser>(`/dial-policy/users/${userId}`, { internationalAllowed }),
};
