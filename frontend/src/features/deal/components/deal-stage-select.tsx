import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { Deal, Pipeline } from '@callboard/contracts';
import { SelectField } from '@/components/ui';
import { closesAsLost, useLostMove, useMoveDeal } from '@/features/board';

/** Choosing a stage moves the deal to the top of that column; a lost stage asks why first. */
export function DealStageSelect({ deal, pipeline }: { deal: Deal; pipeline: Pipeline | undefined }) {
  const intl = useIntl();
  const moveDeal = useMoveDeal();
  const lostMove = useLostMove(pipeline);
  const [busy, setBusy] = useState(false);
  const stages = pipeline?.stages ?? [];

  async function change(stageId: string) {
    if (stageId === deal.stageId) return;
    if (closesAsLost(pipeline, deal.stageId, stageId)) {
      lostMove.ask(deal, stageId);
      return;
    }
    setBusy(true);
    await moveDeal(deal.id, stageId);
    setBusy(false);
  }

  return (
    <>
      <SelectField
        label={intl.formatMessage({ id: 'deal.stageSelect.label', defaultMessage: 'Stage' })}
        value={deal.stageId}
        disabled={busy || stages.length === 0}
        aria-busy={busy || undefined}
        onChange={(e) => void change(e.target.value)}
        data-testid="deal-stage-select"
      >
        {stages.length === 0 && <option value={deal.stageId}>…</option>}
        {stages.map((s) => (
          <option key={s.id} value={s.id} data-user-content>
            {s.name}
          </option>
        ))}
      </SelectField>
      {lostMove.dialog}
    </>
  );
}
