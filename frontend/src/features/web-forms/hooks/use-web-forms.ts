import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SaveWebFormRequest } from '@callboard/contracts';
import { webFormsApi } from '../api/web-forms-api';

const KEY = ['web-forms'] as const;

export function useWebForms() {
  return useQuery({ queryKey: KEY, queryFn: webFormsApi.list });
}

export function useSaveWebForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: SaveWebFormRequest }) => (id ? webFormsApi.update(id, body) : webFormsApi.create(body)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteWebForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => webFormsApi.remove(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });
}
