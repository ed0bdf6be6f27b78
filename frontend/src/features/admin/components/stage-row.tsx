import './admin.css';
import { useEffect, useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { StageGroup, type Stage, UpdateStageRequest } from '@callboard/contracts';
import { Button, isolate } from '@/components/ui';
import { formatNumber } from '@/lib/format';
import { STAGE_GROUP_NAMES } from '@/features/pipelines';

interface StageRowProps {
  stage: Stage;
  index: number;
  total: number;
  busy: boolean;
  onRename: (name: string) => void;
  onGroup: (group: StageGroup) => void;
  onMove: (delta: -1 | 1) => void;
  onDelete: () => void;
  /** Saves the time limit and win probability; resolves when the server has answered. */
  onSettings: (body: Pick<UpdateStageRequest, 'limitHours' | 'probability'>) => Promise<unknown>;
}

export function StageRow({ stage, index, total, busy, onRename, onGroup, onMove, onDelete, onSettings }: StageRowProps) {
  const intl = useIntl();
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
        {formatNumber(index + 1)}
      </span>
      <form className="stage-name-form" onSubmit={submit}>
        <label className="visually-hidden" htmlFor={`stage-name-${stage.id}`}>
          <FormattedMessage id="admin.stage.nameOf" defaultMessage="Name of stage {number}" values={{ number: formatNumber(index + 1) }} />
        </label>
        <input
          id={`stage-name-${stage.id}`}
          className="input input-sm"
          dir="auto"
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
            <FormattedMessage id="admin.stage.rename" defaultMessage="Rename" />
          </Button>
        )}
      </form>
      <label className="visually-hidden" htmlFor={`stage-group-${stage.id}`}>
        <FormattedMessage id="admin.stage.groupOf" defaultMessage="Group of {name}" values={{ name: <bdi data-user-content>{stage.name}</bdi> }} />
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
            {intl.formatMessage(STAGE_GROUP_NAMES[g])}
          </option>
        ))}
      </select>
      <StageSettings stage={stage} busy={busy} onSave={onSettings} />
      <span className="stage-actions">
        <Button
          size="sm"
          variant="ghost"
          disabled={busy || index === 0}
          onClick={() => onMove(-1)}
          aria-label={intl.formatMessage({ id: 'admin.stage.moveUp', defaultMessage: 'Move {name} up' }, { name: isolate(stage.name) })}
          data-testid={`stage-up-${stage.id}`}
        >
          ↑
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={busy || index === total - 1}
          onClick={() => onMove(1)}
          aria-label={intl.formatMessage({ id: 'admin.stage.moveDown', defaultMessage: 'Move {name} down' }, { name: isolate(stage.name) })}
          data-testid={`stage-down-${stage.id}`}
        >
          ↓
        </Button>
        <Button size="sm" variant="danger" disabled={busy || total <= 1} onClick={onDelete} data-testid={`stage-delete-${stage.id}`}>
          <FormattedMessage id="admin.stage.delete" defaultMessage="Delete" />
        </Button>
      </span>
    </li>
  );
}

/** The stage's time limit (hours; empty = none) and win probability (%), checked by the API's schema before saving. */
function StageSettings({ stage, busy, onSave }: { stage: Stage; busy: boolean; onSave: StageRowProps['onSettings'] }) {
  const intl = useIntl();
  const [limit, setLimit] = useState(stage.limitHours === null ? '' : String(stage.limitHours));
  const [probability, setProbability] = useState(String(stage.probability));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setLimit(stage.limitHours === null ? '' : String(stage.limitHours)), [stage.limitHours]);
  useEffect(() => setProbability(String(stage.probability)), [stage.probability]);
  const changed = limit !== (stage.limitHours === null ? '' : String(stage.limitHours)) || probability !== String(stage.probability);
  const errorId = `stage-settings-error-${stage.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { limitHours: limit.trim() === '' ? null : Number(limit), probability: probability.trim() === '' ? Number.NaN : Number(probability) };
    const parsed = UpdateStageRequest.safeParse(body);
    if (!parsed.success) {
      const at = parsed.error.issues[0]?.path[0];
      setError(
        at === 'probability'
          ? intl.formatMessage({ id: 'admin.stage.probabilityInvalid', defaultMessage: 'Win probability is a whole number from 0 to 100' })
          : intl.formatMessage({ id: 'admin.stage.limitInvalid', defaultMessage: 'Time limit is a whole number of hours from 1 to 8760, or empty for none' }),
      );
      return;
    }
    setError(null);
    await onSave(parsed.data);
  };

  return (
    <form className="stage-settings" onSubmit={(e) => void submit(e)} noValidate data-testid={`stage-settings-${stage.id}`}>
      <label className="stage-setting">
        <span className="stage-setting-label">
          <FormattedMessage id="admin.stage.limit" defaultMessage="Time limit (h)" />
        </span>
        <input
          className="input input-sm"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          placeholder={intl.formatMessage({ id: 'admin.stage.noLimit', defaultMessage: 'none' })}
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid={`stage-limit-${stage.id}`}
        />
      </label>
      <label className="stage-setting">
        <span className="stage-setting-label">
          <FormattedMessage id="admin.stage.probability" defaultMessage="Win probability (%)" />
        </span>
        <input
          className="input input-sm"
          type="number"
          min={0}
          max={100}
          step={1}
          inputMode="numeric"
          value={probability}
          onChange={(e) => setProbability(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid={`stage-probability-${stage.id}`}
        />
      </label>
      {changed && (
        <Button size="sm" type="submit" variant="primary" disabled={busy} data-testid={`stage-settings-save-${stage.id}`}>
          <FormattedMessage id="admin.stage.save" defaultMessage="Save" />
        </Button>
      )}
      {error && (
        <span className="field-error stage-settings-error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
