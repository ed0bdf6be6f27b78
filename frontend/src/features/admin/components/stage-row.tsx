import { useEffect, useState, type FormEvent } from 'react';
import { StageGroup, type Stage } from '@callboard/contracts';
import { Button } from '@/components/ui';
import { STAGE_GROUP_LABELS } from '@/features/pipelines';

interface StageRowProps {
  stage: Stage;
  index: number;
  total: number;
  busy: boolean;
  onRename: (name: string) => void;
  onGroup: (group: StageGroup) => void;
  onMove: (delta: -1 | 1) => void;
  onDelete: () => void;
}

export function StageRow({ stage, index, total, busy, onRename, onGroup, onMove, onDelete }: StageRowProps) {
  const [name, setName] = useState(stage.name);
  useEffect(() => setName(stage.name), [stage.name]);
  const changed = name.trim() !== '' && name.trim() !== stage.name;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (changed) onRename(name.trim());
  };

  return (
    <li className="stage-row" data-testid={`stage-row-${stage.id}`}>
      <span className="stage-order" aria-hidden="true">
        {index + 1}
      </span>
      <form className="stage-name-form" onSubmit={submit}>
        <label className="visually-hidden" htmlFor={`stage-name-${stage.id}`}>
          Name of stage {index + 1}
        </label>
        <input
          id={`stage-name-${stage.id}`}
          className="input input-sm"
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setName(stage.name);
          }}
          data-testid={`stage-name-${stage.id}`}
        />
        {changed && (
          <Button size="sm" type="submit" variant="primary" disabled={busy} data-testid={`stage-rename-${stage.id}`}>
            Rename
          </Button>
        )}
      </form>
      <label className="visually-hidden" htmlFor={`stage-group-${stage.id}`}>
        Group of {stage.name}
      </label>
      <select
        id={`stage-group-${stage.id}`}
        className="input input-sm stage-group"
        value={stage.group}
        disabled={busy}
        onChange={(e) => {
          const parsed = StageGroup.safeParse(e.target.value);
          if (parsed.success) onGroup(parsed.data);
        }}
        data-testid={`stage-group-${stage.id}`}
      >
        {StageGroup.options.map((g) => (
          <option key={g} value={g}>
            {STAGE_GROUP_LABELS[g]}
          </option>
        ))}
      </select>
      <span className="stage-actions">
        <Button size="sm" variant="ghost" disabled={busy || index === 0} onClick={() => onMove(-1)} aria-label={`Move ${stage.name} up`} data-testid={`stage-up-${stage.id}`}>
          ↑
        </Button>
        <Button size="sm" variant="ghost" disabled={busy || index === total - 1} onClick={() => onMove(1)} aria-label={`Move ${stage.name} down`} data-testid={`stage-down-${stage.id}`}>
          ↓
        </Button>
        <Button size="sm" variant="danger" disabled={busy || total <= 1} onClick={onDelete} data-testid={`stage-delete-${stage.id}`}>
          Delete
        </Button>
      </span>
    </li>
  );
}
