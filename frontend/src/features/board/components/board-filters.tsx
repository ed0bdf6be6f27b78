import type { Pipeline, User } from '@callboard/contracts';
import { SelectField } from '@/components/ui';

export const OWNER_ALL = '';
export const OWNER_NONE = 'none';

interface RepFilterProps {
  users: User[];
  value: string;
  onChange: (ownerId: string) => void;
}

/** Head only: the whole team, one rep, or the unassigned deals. */
export function RepFilter({ users, value, onChange }: RepFilterProps) {
  const reps = users.filter((u) => u.role === 'seller').sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  return (
    <SelectField label="Rep" fieldClassName="field-inline" value={value} onChange={(e) => onChange(e.target.value)} data-testid="rep-filter">
      <option value={OWNER_ALL}>All reps</option>
      {reps.map((u) => (
        <option key={u.id} value={u.id}>
          {u.active ? u.name : `${u.name} (inactive)`}
        </option>
      ))}
      <option value={OWNER_NONE}>Unassigned</option>
    </SelectField>
  );
}

interface PipelineSelectProps {
  pipelines: Pipeline[];
  value: string;
  onChange: (pipelineId: string) => void;
}

export function PipelineSelect({ pipelines, value, onChange }: PipelineSelectProps) {
  if (pipelines.length < 2) return null;
  return (
    <SelectField label="Pipeline" fieldClassName="field-inline" value={value} onChange={(e) => onChange(e.target.value)} data-testid="pipeline-select">
      {pipelines.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </SelectField>
  );
}
