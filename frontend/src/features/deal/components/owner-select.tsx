import { useIntl } from 'react-intl';
import { SelectField } from '@/components/ui';
import { useAssignableUsers } from '@/features/users';
import { isolate } from '@/components/ui/bidi';

interface OwnerSelectProps {
  value: string | null;
  onChange: (ownerId: string | null) => void;
  /** The current owner's name, shown even if they are no longer active. */
  currentName?: string | null;
  error?: string;
}

/** Head only: who owns the deal; empty = unassigned. */
export function OwnerSelect({ value, onChange, currentName, error }: OwnerSelectProps) {
  const intl = useIntl();
  const users = useAssignableUsers();
  const known = value === null || users.some((u) => u.id === value);
  return (
    <SelectField
      label={intl.formatMessage({ id: 'deal.owner.label', defaultMessage: 'Owner' })}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value || null)}
      error={error}
      data-testid="deal-form-owner"
    >
      <option value="">{intl.formatMessage({ id: 'deal.owner.unassigned', defaultMessage: 'Unassigned' })}</option>
      {!known &&
        value &&
        (currentName ? (
          <option value={value} data-user-content>
            {currentName}
          </option>
        ) : (
          <option value={value}>{intl.formatMessage({ id: 'deal.owner.current', defaultMessage: 'Current owner' })}</option>
        ))}
      {users.map((u) =>
        u.role === 'head' ? (
          <option key={u.id} value={u.id}>
            {intl.formatMessage({ id: 'deal.owner.head', defaultMessage: '{name} (head)' }, { name: isolate(u.name) })}
          </option>
        ) : (
          <option key={u.id} value={u.id} data-user-content>
            {u.name}
          </option>
        ),
      )}
    </SelectField>
  );
}
