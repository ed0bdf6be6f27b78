import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorBoundary } from '@/components/error-boundary';
import { apiErrorMessage, ErrorState } from '@/components/ui';
import { queryKeys } from '@/lib/query-client';
import { useSessionUser } from '@/features/auth';
import {
  BoardContainer,
  DealFiltersBar,
  FILTER_PARAMS,
  filtersFromParams,
  OWNER_ALL,
  PipelineSelect,
  RepFilter,
  sortFromParams,
  viewFromParams,
  type ListSort,
} from '@/features/board';
import { NewDealButton } from '@/features/deal';
import { ExportMenu } from '@/features/exports';
import { ImportButton } from '@/features/imports';
import { usePipelines } from '@/features/pipelines';
import { useUsers } from '@/features/users';

/**
 * A Seller sees their own board (and the shared inbox); a Head the team's, filterable by rep.
 * Every filter, the board/list switch and the list's sort live in the URL.
 */
export function BoardRoute() {
  const intl = useIntl();
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
  const query = params.toString();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(query)), [query]);
  const view = viewFromParams(params);
  const sort = sortFromParams(params);

  const update = (change: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        change(next);
        return next;
      },
      { replace: true },
    );
  const setParam = (key: string, value: string) =>
    update((next) => {
      if (value) next.set(key, value);
      else next.delete(key);
    });
  const clearFilters = () => update((next) => Object.values(FILTER_PARAMS).forEach((k) => next.delete(k)));
  const setSort = (s: ListSort) =>
    update((next) => {
      next.set('sort', s.key);
      next.set('dir', s.dir);
    });

  return (
    <div className="board-page">
      <div className="toolbar">
        <h1 className="page-title">
          {isHead
            ? intl.formatMessage({ id: 'app.board.titleTeam', defaultMessage: 'Team board' })
            : intl.formatMessage({ id: 'app.board.titleMine', defaultMessage: 'My board' })}
        </h1>
        {pipelines.data && pipeline && <PipelineSelect pipelines={pipelines.data} value={pipeline.id} onChange={(id) => setParam('pipeline', id)} />}
        {isHead && <RepFilter users={users.data ?? []} value={owner} onChange={(id) => setParam('owner', id)} />}
        <span className="toolbar-spacer" />
        {/* the board's and the list's deals with their filters: the same query the list takes */}
        <ExportMenu kind="deals" filters={{ pipelineId: pipeline?.id, ownerId: owner || undefined, ...filters }} />
        <ImportButton />
        <NewDealButton pipeline={pipeline} />
      </div>
      <DealFiltersBar filters={filters} view={view} onParam={setParam} onClear={clearFilters} />
      {pipelines.isError ? (
        <ErrorState message={apiErrorMessage(intl, pipelines.error)} />
      ) : pipelines.data && !pipeline ? (
        <ErrorState message={intl.formatMessage({ id: 'app.board.noPipeline', defaultMessage: 'There is no pipeline yet.' })} />
      ) : (
        <ErrorBoundary
          what={intl.formatMessage({ id: 'app.board.errorBoundaryWhat', defaultMessage: 'The board' })}
          resetKeys={[query]} onReset={() => void queryClient.resetQueries({ queryKey: queryKeys.boards })}>
          <BoardContainer
            pipelineId={boardPipelineId}
            pipelines={pipelines.data}
            ownerId={owner || undefined}
            filters={filters}
            view={view}
            sort={sort}
            onSort={setSort}
          />
        </ErrorBoundary>
      )}
    </div>
  );
}
