import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { LostReasonLabel } from '@/features/activities';
import { usePipelines } from '@/features/pipelines';
import { useUsers } from '@/features/users';
import { outcomeText } from '@/features/wrap-ups';
import type { SummaryNames } from '../utils/rule-summary';
import { valueLabel } from '../utils/value-words';

/**
 * The words a rule's summary shows for keys and ids: the team's stages (the default pipeline's
 * first), pipelines and people, lost reasons, and the words of other values. Null until the pipelines and the people have loaded (or failed to), so a
 * summary never shows "a chosen user" for a moment before the name.
 */
export function useSummaryNames(): SummaryNames | null {
  const intl = useIntl();
  const pipelines = usePipelines();
  const users = useUsers();
  const loading = pipelines.isPending || users.isPending;
  return useMemo(() => {
    if (loading) return null;
    const all = [...(pipelines.data ?? [])].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
    const byKey = new Map<string, string>();
    const byId = new Map<string, string>();
    for (const p of all) {
      byId.set(p.id, p.name);
      for (const s of p.stages) {
        byId.set(s.id, s.name);
        if (s.systemKey && !byKey.has(s.systemKey)) byKey.set(s.systemKey, s.name);
      }
    }
    for (const u of users.data ?? []) byId.set(u.id, u.name);
    return {
      stageByKey: (key) => byKey.get(key),
      nameById: (id) => byId.get(id),
      lostReason: (key) => <LostReasonLabel reason={key} />,
      // a wrap-up outcome is the Head's list: the install's in words, their own as written
      value: (field, value) => (field === 'event.outcome' ? outcomeText(intl, value) : valueLabel(intl, field, value)),
    };
  }, [intl, loading, pipelines.data, users.data]);
}
