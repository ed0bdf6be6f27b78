import type { AutomationCatalog, CreateRuleRequest, Rule, RuleRun, UpdateRuleRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const automationApi = {
  catalog: () => api.get<AutomationCatalog>('/automation/catalog'),
  rules: () => api.get<Rule[]>('/automation/rules'),
  create: (body: CreateRuleRequest) => api.post<Rule>('/automation/rules', body),
  update: (id: string, body: UpdateRuleRequest) => api.patch<Rule>(`/automation/rules/${id}`, body),
  runs: (id: string, limit = 50) => api.get<RuleRun[]>(`/automation/rules/${id}/runs`, { limit }),
};
