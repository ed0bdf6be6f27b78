import type { CreateStageRequest, DeleteStageRequest, Pipeline, Stage, UpdateStageRequest } from '@callboard/contracts';
import { api } from '@/lib/api-client';

export const pipelinesApi = {
  list: () => api.get<Pipeline[]>('/pipelines'),
  createStage: (pipelineId: string, body: CreateStageRequest) => api.post<Stage>(`/pipelines/${pipelineId}/stages`, body),
  updateStage: (stageId: string, body: UpdateStageRequest) => api.patch<Stage>(`/stages/${stageId}`, body),
  reorderStages: (pipelineId: string, stageIds: string[]) => api.post<unknown>(`/pipelines/${pipelineId}/stages/reorder`, { stageIds }),
  deleteStage: (stageId: string, body: DeleteStageRequest) => api.delete<unknown>(`/stages/${stageId}`, body),
};
