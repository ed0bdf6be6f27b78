import { useIntl } from 'react-intl';
import type { Pipeline, User } from '@callboard/contracts';
import { SelectField } from '@/components/ui';
import { BOARD_WORDS } from '../utils/board-messages';

export const OWNER_ALL = '';
export const OWNER_NONE = 'none';

interface RepFilterProps {
  users: User[];
  value: string;
  onChange: (ownerId: string) => void;
}

/** Head only: the whole team, one rep, or the unassigned deals. */
export function RepFilter({ users, value, onChange }: RepFilterProps) {
  const intl = useIntl();
  const reps = users.filter((u) => u.role === 'seller').sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));
  return (
    <SelectField
      label={intl.formatMessage({ id: 'board.filter.rep', defaultMessage: 'Rep' })}
      fieldClassName="field-inline"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      data-testid="rep-filter"
    >
      <option value={OWNER_ALL}>{intl.formatMessage({ id: 'board.filter.allReps', defaultMessage: 'All reps' })}</option>
      {/* an option holds text only: a name is marked as user data, not isolated */}
      {reps.map((u) =>
        u.active ? (
          <option key={u.id} value={u.id} data-user-content>
            {u.name}
          </option>
        ) : (
          <option key={u.id} value={u.id}>
            {intl.formatMessage({ id: 'board.filter.inactiveRep', defaultMessage: '{name} (inactive)' }, { name: u.name })}
          </option>
        ),
      )}
      <option value={OWNER_NONE}>{intl.formatMessage(BOARD_WORDS.unassigned)}</option>
    </SelectField>
  );
}

interface PipelineSelectProps {
  pipelines: Pipeline[];
  value: string;
  onChange: (pipelineId: string) => void;
}

export function PipelineSelect({ pipelines, value, onChange }: PipelineSelectProps) {
  const intl = useIntl();
  if (pipelines.length < 2) return null;
  return (
    <SelectField
      label={intl.formatMessage({ id: 'board.filter.pipeline', defaultMessage: 'Pipeline' })}
      fieldClassName="field-inline"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      data-testid="pipeline-select"
    >
      {pipelines.map((p) => (
        <option key={p.id} value={p.id} data-user-content>
          {p.name}
        </option>
      ))}
    </SelectField>
  );
}
