import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Stage, StageGroup, UpdateStageRequest } from '@callboard/contracts';
import { ErrorState, SelectField, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatNumber } from '@/lib/format';
import { usePipelines } from '@/features/pipelines';
import { useCreateStage, useDeleteStage, useReorderStages, useUpdateStage } from '../hooks/use-admin-mutations';
import { AddStageForm } from './add-stage-form';
import { DeleteStageDialog } from './delete-stage-dialog';
import { StageRow } from './stage-row';

export function StagesAdmin() {
  const intl = useIntl();
  const toast = useToast();
  const pipelines = usePipelines();
  const [pipelineId, setPipelineId] = useState<string>('');
  const [deleting, setDeleting] = useState<Stage | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const create = useCreateStage();
  const update = useUpdateStage();
  const remove = useDeleteStage();
  const reorder = useReorderStages();

  if (pipelines.isPending) return <Spinner label={intl.formatMessage({ id: 'admin.stages.loading', defaultMessage: 'Loading stages' })} />;
  if (pipelines.isError) return <ErrorState message={errorMessage(pipelines.error)} />;
  const pipeline = pipelines.data.find((p) => p.id === pipelineId) ?? pipelines.data.find((p) => p.isDefault) ?? pipelines.data[0];
  if (!pipeline) return <ErrorState message={intl.formatMessage({ id: 'admin.stages.noPipeline', defaultMessage: 'There is no pipeline yet.' })} />;
  const stages = pipeline.stages;
  const busy = create.isPending || update.isPending || remove.isPending || reorder.isPending;

  const patch = async (stage: Stage, body: UpdateStageRequest, done: string) => {
    try {
      await update.mutateAsync({ stageId: stage.id, body });
      toast.success(done);
    } catch (e) {
      toast.error(intl.formatMessage({ id: 'admin.stages.saveFailed', defaultMessage: 'Could not save “{name}”: {error}' }, { name: stage.name, error: errorMessage(e) }));
    }
  };

  const move = (index: number, delta: -1 | 1) => {
    const ids = stages.map((s) => s.id);
    const [moved] = ids.splice(index, 1);
    if (!moved) return;
    ids.splice(index + delta, 0, moved);
    reorder.mutate({ pipelineId: pipeline.id, stageIds: ids }, { onError: (e) => toast.error(errorMessage(e)) });
  };

  const add = async (name: string, group: StageGroup): Promise<boolean> => {
    try {
      await create.mutateAsync({ pipelineId: pipeline.id, body: { name, group } });
      toast.success(intl.formatMessage({ id: 'admin.stages.added', defaultMessage: 'Added the stage “{name}”' }, { name }));
      return true;
    } catch (e) {
      toast.error(errorMessage(e));
      return false;
    }
  };

  const confirmDelete = async (moveToStageId: string | undefined) => {
    if (!deleting) return;
    try {
      await remove.mutateAsync({ stageId: deleting.id, moveToStageId });
      toast.success(intl.formatMessage({ id: 'admin.stages.deleted', defaultMessage: 'Deleted the stage “{name}”' }, { name: deleting.name }));
      setDeleting(null);
    } catch (e) {
      setDeleteError(errorMessage(e));
    }
  };

  return (
    <section aria-labelledby="stages-heading" className="admin-section">
      <div className="toolbar">
        <h2 id="stages-heading" className="section-title">
          <FormattedMessage id="admin.stages.heading" defaultMessage="Pipeline stages" />
        </h2>
        {pipelines.data.length > 1 && (
          <SelectField
            label={intl.formatMessage({ id: 'admin.stages.pipeline', defaultMessage: 'Pipeline' })}
            fieldClassName="field-inline"
            value={pipeline.id}
            onChange={(e) => setPipelineId(e.target.value)}
          >
            {pipelines.data.map((p) => (
              <option key={p.id} value={p.id} data-user-content>
                {p.name}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      <ol className="stage-list" data-testid="stage-list" aria-busy={busy || undefined}>
        {stages.map((s, i) => (
          <StageRow
            key={s.id}
            stage={s}
            index={i}
            total={stages.length}
            busy={busy}
            onRename={(name) => void patch(s, { name }, intl.formatMessage({ id: 'admin.stages.renamed', defaultMessage: 'Renamed to “{name}”' }, { name }))}
            onGroup={(group) =>
              void patch(
                s,
                { group },
                intl.formatMessage(
                  {
                    id: 'admin.stages.groupSaved',
                    defaultMessage: '“{name}” is now in the {group, select, inbox {inbox} marketing {marketing} active {active} won {won} other {lost}} group',
                  },
                  { name: s.name, group },
                ),
              )
            }
            onMove={(delta) => move(i, delta)}
            onSettings={(body) =>
              patch(
                s,
                body,
                intl.formatMessage(
                  {
                    id: 'admin.stages.settingsSaved',
                    defaultMessage: 'Saved “{name}”: {limited, select, yes {time limit {hours} h} other {no time limit}}, win probability {probability} %',
                  },
                  {
                    name: s.name,
                    limited: body.limitHours ? 'yes' : 'no',
                    hours: formatNumber(body.limitHours ?? 0),
                    probability: formatNumber(body.probability ?? s.probability),
                  },
                ),
              )
            }
            onDelete={() => {
              setDeleteError(null);
              setDeleting(s);
            }}
          />
        ))}
      </ol>
      <AddStageForm busy={create.isPending} onAdd={add} />
      <DeleteStageDialog
        key={deleting?.id ?? 'none'}
        stage={deleting}
        stages={stages}
        busy={remove.isPending}
        error={deleteError}
        onConfirm={(target) => void confirmDelete(target)}
        onClose={() => setDeleting(null)}
      />
    </section>
  );
}
