import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { StageGroup } from '@callboard/contracts';
import { Button, SelectField, TextField } from '@/components/ui';
import { STAGE_GROUP_NAMES } from '@/features/pipelines';

export function AddStageForm({ busy, onAdd }: { busy: boolean; onAdd: (name: string, group: StageGroup) => Promise<boolean> }) {
  const intl = useIntl();
  const [name, setName] = useState('');
  const [group, setGroup] = useState<StageGroup>('active');

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    if (await onAdd(name.trim(), group)) setName('');
  }

  return (
    <form className="add-stage-form" onSubmit={submit} data-testid="add-stage-form">
      <TextField
        label={intl.formatMessage({ id: 'admin.newStage.name', defaultMessage: 'New stage' })}
        value={name}
        maxLength={80}
        dir="auto"
        onChange={(e) => setName(e.target.value)}
        placeholder={intl.formatMessage({ id: 'admin.newStage.namePlaceholder', defaultMessage: 'Stage name' })}
        data-testid="add-stage-name"
      />
      <SelectField
        label={intl.formatMessage({ id: 'admin.newStage.group', defaultMessage: 'Group' })}
        value={group}
        onChange={(e) => {
          const parsed = StageGroup.safeParse(e.target.value);
          if (parsed.success) setGroup(parsed.data);
        }}
        data-testid="add-stage-group"
      >
        {StageGroup.options.map((g) => (
          <option key={g} value={g}>
            {intl.formatMessage(STAGE_GROUP_NAMES[g])}
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="primary" busy={busy} disabled={!name.trim()} data-testid="add-stage-submit">
        <FormattedMessage id="admin.newStage.submit" defaultMessage="Add stage" />
      </Button>
    </form>
  );
}
