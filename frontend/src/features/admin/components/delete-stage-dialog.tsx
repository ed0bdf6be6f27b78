import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Stage } from '@callboard/contracts';
import { Button, Dialog, SelectField } from '@/components/ui';

interface DeleteStageDialogProps {
  stage: Stage | null;
  stages: Stage[];
  busy: boolean;
  error: string | null;
  onConfirm: (moveToStageId: string | undefined) => void;
  onClose: () => void;
}

/** Deleting a stage moves its deals into another stage of the same pipeline first. */
export function DeleteStageDialog({ stage, stages, busy, error, onConfirm, onClose }: DeleteStageDialogProps) {
  const intl = useIntl();
  const others = stages.filter((s) => s.id !== stage?.id);
  const index = stages.findIndex((s) => s.id === stage?.id);
  // Default to the neighbouring stage: the one before it, or after it for the first stage.
  const neighbour = stages[index - 1] ?? stages[index + 1];
  const [target, setTarget] = useState<string>('');
  const chosen = target || neighbour?.id || others[0]?.id || '';

  return (
    <Dialog
      open={stage !== null}
      title={
        stage ? (
          <FormattedMessage id="admin.deleteStage.title" defaultMessage="Delete the stage “{name}”?" values={{ name: <bdi data-user-content>{stage.name}</bdi> }} />
        ) : (
          <FormattedMessage id="admin.deleteStage.titleNone" defaultMessage="Delete stage" />
        )
      }
      onClose={onClose}
      width="sm"
      testId="delete-stage-dialog"
      footer={
        <>
          <Button onClick={onClose}>
            <FormattedMessage id="admin.deleteStage.cancel" defaultMessage="Cancel" />
          </Button>
          <Button variant="danger" busy={busy} onClick={() => onConfirm(chosen || undefined)} data-testid="delete-stage-confirm">
            <FormattedMessage id="admin.deleteStage.confirm" defaultMessage="Delete stage" />
          </Button>
        </>
      }
    >
      <SelectField label={intl.formatMessage({ id: 'admin.deleteStage.moveTo', defaultMessage: 'Move its deals to' })} value={chosen} onChange={(e) => setTarget(e.target.value)} data-testid="delete-stage-move-to">
        {others.map((s) => (
          <option key={s.id} value={s.id} data-user-content>
            {s.name}
          </option>
        ))}
      </SelectField>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
