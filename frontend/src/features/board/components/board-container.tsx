import type { Pipeline } from '@callboard/contracts';
import { Button, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useTaskRealtime } from '@/features/tasks';
import { useBoard, useLoadMore } from '../hooks/use-board';
import { BoardView } from './board-view';

interface BoardContainerProps {
  /** The pipeline asked for; undefined for the default one. */
  pipelineId: string | undefined;
  /** The pipeline list, while it is still loading undefined. */
  pipelines: Pipeline[] | undefined;
  ownerId: string | undefined;
}

/** Loads the board (and rep filter) at once, beside the pipeline list; draws it when both are here. */
export function BoardContainer({ pipelineId, pipelines, ownerId }: BoardContainerProps) {
  const board = useBoard(pipelineId, ownerId);
  const { loadMore, loadingStageId } = useLoadMore(pipelineId, ownerId);
  // the cards' task badges follow task changes
  useTaskRealtime();

  if (board.isError)
    return <ErrorState message={errorMessage(board.error)} action={<Button onClick={() => void board.refetch()}>Try again</Button>} />;
  if (board.isPending || !pipelines) return <Spinner label="Loading the board" />;
  const pipeline = pipelines.find((p) => p.id === board.data.pipelineId);
  if (!pipeline) return <ErrorState message="This pipeline does not exist any more." />;
  return (
    <BoardView board={board.data} pipeline={pipeline} loadingStageId={loadingStageId} onLoadMore={(s, c) => void loadMore(s, c)} />
  );
}
