import type { AutomationCatalog, Rule, RuleRun, UpdateRuleRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const automationApi = {
  catalog: () => api.get<AutomationCatalog>('/automation/catalog'),
  rules: () => api.get<Rule[]>('/automation/rules'),
  update: (id: string, body: UpdateRuleRequest) => api.patch<Rule>(`/automation/rules/${id}`, body),
  runs: (id: string, limit = 50) => api.get<RuleRun[]>(`/automation/rules/${id}/runs`, { limit }),
};
