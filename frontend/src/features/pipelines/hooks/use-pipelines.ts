import { useMemo } from 'react';
import { defineMessages, type MessageDescriptor } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import type { Pipeline, Stage, StageGroup } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { pipelinesApi } from '../api/pipelines-api';

export function usePipelines() {
  return useQuery({
    queryKey: queryKeys.pipelines,
    queryFn: pipelinesApi.list,
    staleTime: 60_000,
    select: (ps: Pipeline[]) => ps.map((p) => ({ ...p, stages: [...p.stages].sort((a, b) => a.order - b.order) })),
  });
}

/** The pipeline with this id, else the default one, else the first. */
export function usePipeline(pipelineId?: string): Pipeline | undefined {
  const { data } = usePipelines();
  return useMemo(() => {
    if (!data) return undefined;
    return data.find((p) => p.id === pipelineId) ?? data.find((p) => p.isDefault) ?? data[0];
  }, [data, pipelineId]);
}

/** Every stage by id across pipelines, for showing stage names. */
export function useStageIndex(): Map<string, Stage> {
  const { data } = usePipelines();
  return useMemo(() => new Map((data ?? []).flatMap((p) => p.stages.map((s) => [s.id, s] as const))), [data]);
}

/** Each stage group in words: `intl.formatMessage(STAGE_GROUP_NAMES[stage.group])`. */
export const STAGE_GROUP_NAMES: Record<StageGroup, MessageDescriptor> = defineMessages({
  inbox: { id: 'pipelines.stageGroup.inbox', defaultMessage: 'Inbox' },
  marketing: { id: 'pipelines.stageGroup.marketing', defaultMessage: 'Marketing' },
  active: { id: 'pipelines.stageGroup.active', defaultMessage: 'Active' },
  won: { id: 'pipelines.stageGroup.won', defaultMessage: 'Won' },
  lost: { id: 'pipelines.stageGroup.lost', defaultMessage: 'Lost' },
});

/** Where a hand-made deal starts: the first active stage ("New"), else the first stage. */
export function defaultStageForNewDeal(pipeline: Pipeline): Stage | undefined {
  return pipeline.stages.find((s) => s.group === 'active') ?? pipeline.stages[0];
}
