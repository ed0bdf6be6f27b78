import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateRuleRequest, Rule, UpdateRuleRequest } from '@callboard/contracts';
import { automationApi } from '../api/automation-api';

const keys = {
  rules: ['automation', 'rules'] as const,
  catalog: ['automation', 'catalog'] as const,
  runs: (id: string) => ['automation', 'runs', id] as const,
};

export function useRules() {
  return useQuery({ queryKey: keys.rules, queryFn: automationApi.rules, select: (rs: Rule[]) => [...rs].sort((a, b) => a.position - b.position) });
}

export function useCatalog() {
  return useQuery({ queryKey: keys.catalog, queryFn: automationApi.catalog, staleTime: Number.POSITIVE_INFINITY });
}

export function useRuleRuns(id: string, enabled: boolean) {
  return useQuery({ queryKey: keys.runs(id), queryFn: () => automationApi.runs(id), enabled, refetchInterval: enabled ? 30_000 : false });
}

/** The server answers with the rule and its new summary; it replaces the cached one. */
export function useUpdateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateRuleRequest }) => automationApi.update(id, body),
    onSuccess: (rule) => queryClient.setQueryData<Rule[]>(keys.rules, (rs) => rs?.map((r) => (r.id === rule.id ? rule : r))),
  });
}

/** A new rule joins the cached list; the list is read again for its place among the others. */
export function useCreateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRuleRequest) => automationApi.create(body),
    onSuccess: (rule) => {
      queryClient.setQueryData<Rule[]>(keys.rules, (rs) => (rs ? [...rs, rule] : [rule]));
      void queryClient.invalidateQueries({ queryKey: keys.rules });
    },
  });
}
