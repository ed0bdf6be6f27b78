export { pipelinesApi } from './api/pipelines-api';
export { usePipelines, usePipeline, useStageIndex, STAGE_GROUP_NAMES, STAGE_GROUP_LABELS, defaultStageForNewDeal } from './hooks/use-pipelines';
