import { useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorBoundary } from '@/components/error-boundary';
import { queryKeys } from '@/lib/query-client';
import { ErrorState } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useSessionUser } from '@/features/auth';
import { BoardContainer, OWNER_ALL, PipelineSelect, RepFilter } from '@/features/board';
import { NewDealButton } from '@/features/deal';
import { usePipelines } from '@/features/pipelines';
import { useUsers } from '@/features/users';

/** A Seller sees their own board (and the shared inbox); a Head the team's, filterable by rep. */
export function BoardRoute() {
  const me = useSessionUser();
  const isHead = me.role === 'head';
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const pipelines = usePipelines();
  const users = useUsers();

  const owner = isHead ? (params.get('owner') ?? OWNER_ALL) : OWNER_ALL;
  const requested = params.get('pipeline') ?? undefined;
  const pipeline = pipelines.data?.find((p) => p.id === requested) ?? pipelines.data?.find((p) => p.isDefault) ?? pipelines.data?.[0];
  // The board is fetched beside the pipeline list, not after it: no id means the default
  // pipeline, and an id the list turns out not to know falls back to it.
  const boardPipelineId = pipelines.data && !pipelines.data.some((p) => p.id === requested) ? undefined : requested;

  const setParam = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <div className="board-page">
      <div className="toolbar">
        <h1 className="page-title">{isHead ? 'Team board' : 'My board'}</h1>
        {pipelines.data && pipeline && <PipelineSelect pipelines={pipelines.data} value={pipeline.id} onChange={(id) => setParam('pipeline', id)} />}
        {isHead && <RepFilter users={users.data ?? []} value={owner} onChange={(id) => setParam('owner', id)} />}
        <span className="toolbar-spacer" />
        <NewDealButton pipeline={pipeline} />
      </div>
      {pipelines.isError ? (
        <ErrorState message={errorMessage(pipelines.error)} />
      ) : pipelines.data && !pipeline ? (
        <ErrorState message="There is no pipeline yet." />
      ) : (
        <ErrorBoundary
          what="The board"
          resetKeys={[params.toString()]}
          onReset={() => void queryClient.resetQueries({ queryKey: queryKeys.boards })}
        >
          <BoardContainer pipelineId={boardPipelineId} pipelines={pipelines.data} ownerId={owner || undefined} />
        </ErrorBoundary>
      )}
    </div>
  );
}
