import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Deal, Pipeline } from '@callboard/contracts';
import { formatNumber } from '@/lib/format';
import { useMoveDeal } from '@/features/board';
import { openStagesOf } from '../utils/deal-stages';

/**
 * The pipeline's open stages as steps, the deal's own marked as current; one click (or Enter/Space)
 * moves the deal there. Won and lost are the outcome buttons' job, not steps.
 */
export function DealStageProgress({ deal, pipeline }: { deal: Deal; pipeline: Pipeline | undefined }) {
  const intl = useIntl();
  const moveDeal = useMoveDeal();
  const [moving, setMoving] = useState<string | null>(null);
  const stages = openStagesOf(pipeline);
  if (stages.length === 0) return null;
  const current = stages.findIndex((s) => s.id === deal.stageId);

  async function move(stageId: string) {
    if (stageId === deal.stageId || moving) return;
    setMoving(stageId);
    await moveDeal(deal.id, stageId);
    setMoving(null);
  }

  return (
    <nav className="stage-progress" aria-label={intl.formatMessage({ id: 'deal.stages.label', defaultMessage: 'Stage' })} data-testid="stage-progress">
      <ol>
        {stages.map((s, i) => {
          const here = s.id === deal.stageId;
          const state = here ? 'current' : current >= 0 && i < current ? 'done' : 'todo';
          return (
            <li key={s.id} className={`stage-step stage-step-${state}`}>
              <button
                type="button"
                aria-current={here ? 'step' : undefined}
                aria-busy={moving === s.id || undefined}
                disabled={moving !== null}
                onClick={() => void move(s.id)}
                data-testid="stage-step"
                data-stage-id={s.id}
              >
                <span className="stage-step-index" aria-hidden="true">
                  {formatNumber(i + 1)}
                </span>
                {here ? (
                  <StageName name={s.name} />
                ) : (
                  <FormattedMessage
                    id="deal.stages.moveHere"
                    defaultMessage="{stage}<hint>: move the deal here</hint>"
                    values={{ stage: <StageName name={s.name} />, hint: (chunks) => <span className="visually-hidden">{chunks}</span> }}
                  />
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function StageName({ name }: { name: string }) {
  return (
    <span className="stage-step-name" data-user-content>
      <bdi>{name}</bdi>
    </span>
  );
}
