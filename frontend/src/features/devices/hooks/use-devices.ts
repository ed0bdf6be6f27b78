import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDeviceRequest } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { devicesApi } from '../api/devices-api';

/** Phones the caller may see: their own, or (Head) everyone's or one user's. Refreshed now and then for the status. */
export function useDevices(userId?: string) {
  return useQuery({
    queryKey: queryKeys.devices(userId),
    queryFn: () => devicesApi.list(userId),
    refetchInterval: 30_000,
  });
}

/**
 * The answer carries the password: it lives in the dialog's state only. gcTime 0 drops the
 * mutation (and its copy of the answer) from the mutation cache as soon as the form unmounts.
 */
export function useCreateDevice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateDeviceRequest) => devicesApi.create(body),
    gcTime: 0,
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.allDevices }),
  });
}

export function useRemoveDevice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => devicesApi.remove(id),
    onSettled: () => void qc.invalidateQueries({ queryKey: queryKeys.allDevices }),
  });
}
