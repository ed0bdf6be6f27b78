import { useState } from 'react';
import { useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import type { Deal, Pipeline } from '@callboard/contracts';
import { Button } from '@/components/ui';
import { CloseLostButton } from '@/features/activities';
import { syncDeal, useMoveDeal } from '@/features/board';
import { wonStageOf } from '../utils/deal-stages';

/** Won and Lost for an open deal: outcomes, styled apart from the Head's Delete. */
export function DealOutcomeActions({ deal, pipeline }: { deal: Deal; pipeline: Pipeline | undefined }) {
  const intl = useIntl();
  const moveDeal = useMoveDeal();
  const queryClient = useQueryClient();
  const [winning, setWinning] = useState(false);
  const won = wonStageOf(pipeline);
  if (deal.status !== 'open') return null;

  async function win() {
    if (!won) return;
    setWinning(true);
    await moveDeal(deal.id, won.id);
    setWinning(false);
  }

  return (
    <div className="deal-outcomes" role="group" aria-label={intl.formatMessage({ id: 'deal.outcome.label', defaultMessage: 'Outcome' })}>
      {won && (
        <Button className="btn-outcome btn-won" busy={winning} onClick={() => void win()} data-testid="deal-won">
          <span aria-hidden="true">✓ </span>
          {intl.formatMessage({ id: 'deal.outcome.won', defaultMessage: 'Won' })}
        </Button>
      )}
      <CloseLostButton deal={deal} onClosed={(closed) => syncDeal(queryClient, closed, { force: true })} />
    </div>
  );
}
