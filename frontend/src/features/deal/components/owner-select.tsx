import { SelectField } from '@/components/ui';
import { useAssignableUsers } from '@/features/users';

interface OwnerSelectProps {
  value: string | null;
  onChange: (ownerId: string | null) => void;
  /** The current owner's name, shown even if they are no longer active. */
  currentName?: string | null;
  error?: string;
}

/** Head only: who owns the deal; empty = unassigned. */
export function OwnerSelect({ value, onChange, currentName, error }: OwnerSelectProps) {
  const users = useAssignableUsers();
  const known = value === null || users.some((u) => u.id === value);
  return (
    <SelectField label="Owner" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} error={error} data-testid="deal-form-owner">
      <option value="">Unassigned</option>
      {!known && value && <option value={value}>{currentName ?? 'Current owner'}</option>}
      {users.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
          {u.role === 'head' ? ' (head)' : ''}
        </option>
      ))}
    </SelectField>
  );
}
