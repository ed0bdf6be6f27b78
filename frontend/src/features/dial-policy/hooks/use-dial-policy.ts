import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DialPolicySettings, DialPolicyView } from '@callboard/contracts';
import { dialPolicyApi } from '../api/dial-policy-api';

const key = ['dial-policy'] as const;

export function useDialPolicy() {
  return useQuery({ queryKey: key, queryFn: dialPolicyApi.view });
}

export function useSaveDialPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DialPolicySettings) => dialPolicyApi.save(body),
    onSuccess: (settings) => queryClient.setQueryData<DialPolicyView>(key, (v) => (v ? { ...v, settings } : v)),
  });
}

export function useSetInternational() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, allowed }: { userId: string; allowed: boolean }) => dialPolicyApi.setInternational(userId, allowed),
    onSuccess: (user) =>
      queryClient.setQueryData<DialPolicyView>(key, (v) => (v ? { ...v, users: v.users.map((u) => (u.id === user.id ? user : u)) } : v)),
  });
}
