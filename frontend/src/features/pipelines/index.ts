export { pipelinesApi } from './api/pipelines-api';
export { usePipelines, usePipeline, useStageIndex, STAGE_GROUP_NAMES, defaultStageForNewDeal } from './hooks/use-pipelines';
