import type { Pipeline } from '@callboard/contracts';
import { Button, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useBoard, useLoadMore } from '../hooks/use-board';
import { BoardView } from './board-view';

/** Loads the board for a pipeline (and rep filter) and renders it. */
export function BoardContainer({ pipeline, ownerId }: { pipeline: Pipeline; ownerId: string | undefined }) {
  const board = useBoard(pipeline.id, ownerId);
  const { loadMore, loadingStageId } = useLoadMore(pipeline.id, ownerId);

  if (board.isPending) return <Spinner label="Loading the board" />;
  if (board.isError)
    return <ErrorState message={errorMessage(board.error)} action={<Button onClick={() => void board.refetch()}>Try again</Button>} />;
  return (
    <BoardView board={board.data} pipeline={pipeline} loadingStageId={loadingStageId} onLoadMore={(s, c) => void loadMore(s, c)} />
  );
}
