import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateStageRequest, CreateUserRequest, Pipeline, UpdateStageRequest, UpdateUserRequest, User } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { pipelinesApi } from '@/features/pipelines';
import { usersApi } from '@/features/users';

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateUserRequest) => usersApi.create(body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserRequest }) => usersApi.update(id, body),
    onSuccess: (user: User) => {
      qc.setQueryData<User[]>(queryKeys.users, (us) => us?.map((u) => (u.id === user.id ? user : u)));
      void qc.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
}

export function useResetPassword() {
  return useMutation({ mutationFn: (id: string) => usersApi.resetPassword(id) });
}

/** Stage changes alter the columns of every board: refresh pipelines and boards afterwards. */
function useStageMutation<TArgs>(fn: (args: TArgs) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.pipelines });
      void qc.invalidateQueries({ queryKey: queryKeys.boards });
    },
  });
}

export const useCreateStage = () =>
  useStageMutation(({ pipelineId, body }: { pipelineId: string; body: CreateStageRequest }) => pipelinesApi.createStage(pipelineId, body));

export const useUpdateStage = () =>
  useStageMutation(({ stageId, body }: { stageId: string; body: UpdateStageRequest }) => pipelinesApi.updateStage(stageId, body));

export const useDeleteStage = () =>
  useStageMutation(({ stageId, moveToStageId }: { stageId: string; moveToStageId?: string }) => pipelinesApi.deleteStage(stageId, { moveToStageId }));

/** Reorders optimistically in the pipelines cache; the refresh afterwards settles any difference. */
export function useReorderStages() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ pipelineId, stageIds }: { pipelineId: string; stageIds: string[] }) => pipelinesApi.reorderStages(pipelineId, stageIds),
    onMutate: async ({ pipelineId, stageIds }) => {
      await qc.cancelQueries({ queryKey: queryKeys.pipelines });
      const previous = qc.getQueryData<Pipeline[]>(queryKeys.pipelines);
      qc.setQueryData<Pipeline[]>(queryKeys.pipelines, (ps) =>
        ps?.map((p) =>
          p.id !== pipelineId
            ? p
            : { ...p, stages: p.stages.map((s) => ({ ...s, order: Math.max(0, stageIds.indexOf(s.id)) })).sort((a, b) => a.order - b.order) },
        ),
      );
      return { previous };
    },
    onError: (_e, _v, ctx) => {
      if (ctx?.previous) qc.setQueryData(queryKeys.pipelines, ctx.previous);
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: queryKeys.pipelines });
      void qc.invalidateQueries({ queryKey: queryKeys.boards });
    },
  });
}
