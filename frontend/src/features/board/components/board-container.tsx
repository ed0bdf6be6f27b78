import { FormattedMessage, useIntl } from 'react-intl';
import type { Pipeline } from '@callboard/contracts';
import { Button, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useTaskRealtime } from '@/features/tasks';
import { useBoard, useLoadMore } from '../hooks/use-board';
import { useNextTaskRefresh } from '../hooks/use-next-task-refresh';
import type { BoardFilters, BoardViewMode, ListSort } from '../utils/board-filters';
import { BoardView } from './board-view';
import { DealsTable } from './deals-table';

interface BoardContainerProps {
  /** The pipeline asked for; undefined for the default one. */
  pipelineId: string | undefined;
  /** The pipeline list, while it is still loading undefined. */
  pipelines: Pipeline[] | undefined;
  ownerId: string | undefined;
  filters?: BoardFilters;
  view?: BoardViewMode;
  sort?: ListSort;
  onSort?: (sort: ListSort) => void;
}

/** Loads the board (with the rep filter and the other filters) at once, beside the pipeline list; draws it as a board or a list. */
export function BoardContainer({ pipelineId, pipelines, ownerId, filters = {}, view = 'board', sort = { key: 'stage', dir: 'asc' }, onSort }: BoardContainerProps) {
  const intl = useIntl();
  const board = useBoard(pipelineId, ownerId, filters);
  const { loadMore, loadingStageId } = useLoadMore(pipelineId, ownerId, filters);
  // the cards' task badges and next tasks follow task changes
  useTaskRealtime();
  useNextTaskRefresh(board.data?.pipelineId);

  if (board.isError)
    return (
      <ErrorState
        message={errorMessage(board.error)}
        action={
          <Button onClick={() => void board.refetch()}>
            <FormattedMessage id="board.load.retry" defaultMessage="Try again" />
          </Button>
        }
      />
    );
  if (board.isPending || !pipelines) return <Spinner label={intl.formatMessage({ id: 'board.load.loading', defaultMessage: 'Loading the board' })} />;
  const pipeline = pipelines.find((p) => p.id === board.data.pipelineId);
  if (!pipeline) return <ErrorState message={intl.formatMessage({ id: 'board.load.noPipeline', defaultMessage: 'This pipeline does not exist any more.' })} />;
  if (view === 'list') return <DealsTable board={board.data} pipeline={pipeline} sort={sort} onSort={(s) => onSort?.(s)} />;
  return (
    <BoardView board={board.data} pipeline={pipeline} loadingStageId={loadingStageId} onLoadMore={(s, c) => void loadMore(s, c)} />
  );
}
