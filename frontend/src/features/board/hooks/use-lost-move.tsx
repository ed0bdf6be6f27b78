import { useCallback, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import type { Deal, Pipeline } from '@callboard/contracts';
import { useToast } from '@/components/ui';
import { LostReasonDialog } from '@/features/activities';
import { boardApi } from '../api/board-api';
import { syncDeal } from './deal-cache';

/** Whether moving the deal to this stage closes it as lost (a person then says why). */
export function closesAsLost(pipeline: Pipeline | undefined, fromStageId: string, toStageId: string): boolean {
  const group = (id: string) => pipeline?.stages.find((s) => s.id === id)?.group;
  return group(toStageId) === 'lost' && group(fromStageId) !== 'lost';
}

interface PendingLostMove {
  deal: Deal;
  stageId: string;
  stageName: string;
  position?: number;
}

/**
 * A move into a lost stage asks for the reason first. With a position (a drop) the card waits in
 * the lost column while the dialog is open; cancel puts it back, a reason makes the move.
 */
export function useLostMove(pipeline: Pipeline | undefined): { ask: (deal: Deal, stageId: string, position?: number) => void; dialog: ReactNode } {
  const intl = useIntl();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [pending, setPending] = useState<PendingLostMove | null>(null);

  const ask = useCallback(
    (deal: Deal, stageId: string, position?: number) => {
      if (position !== undefined) syncDeal(queryClient, { ...deal, stageId, position }, { force: true });
      // the stage's own name (the Head's words); the generic word only before the pipeline is known
      const stageName = pipeline?.stages.find((s) => s.id === stageId)?.name ?? intl.formatMessage({ id: 'board.lostMove.lostStage', defaultMessage: 'Lost' });
      setPending({ deal, stageId, stageName, position });
    },
    [queryClient, pipeline, intl],
  );

  const cancel = () => {
    if (pending && pending.position !== undefined) syncDeal(queryClient, pending.deal, { force: true });
    setPending(null);
  };

  const submit = async ({ reason }: { reason?: string }) => {
    if (!pending) return;
    const { deal, stageId, position, stageName } = pending;
    const saved = await boardApi.move(deal.id, { stageId, ...(position !== undefined && { position }), ...(reason && { lostReason: reason }) });
    syncDeal(queryClient, saved, { force: true });
    setPending(null);
    toast.success(intl.formatMessage({ id: 'board.lostMove.moved', defaultMessage: 'Moved to {stage}' }, { stage: stageName }));
  };

  const dialog = <LostReasonDialog open={pending !== null} stageName={pending?.stageName ?? ''} onSubmit={submit} onCancel={cancel} />;
  return { ask, dialog };
}
