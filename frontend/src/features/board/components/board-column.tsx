import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { BoardColumn, Deal, Stage } from '@callboard/contracts';
import { Button } from '@/components/ui';
import { formatAmount } from '@/lib/format';
import { columnDroppableId } from '../utils/board-order';
import { SortableDealCard } from './sortable-deal-card';

interface BoardColumnViewProps {
  stage: Stage;
  column: BoardColumn;
  deals: Deal[];
  loadingMore: boolean;
  onLoadMore: (stageId: string, cursor: string) => void;
}

export function BoardColumnView({ stage, column, deals, loadingMore, onLoadMore }: BoardColumnViewProps) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDroppableId(stage.id) });
  const headingId = `column-heading-${stage.id}`;

  return (
    <section
      className={`board-column group-${stage.group}${isOver ? ' is-over' : ''}`}
      data-testid={`column-${stage.id}`}
      data-stage-name={stage.name}
      aria-labelledby={headingId}
    >
      <header className="column-header">
        <h2 id={headingId} className="column-name" title={stage.name}>
          {stage.name}
        </h2>
        <span className="column-count" data-testid={`column-count-${stage.id}`} aria-label={`${column.count} deals`}>
          {column.count}
        </span>
        <span className="column-amount" data-testid={`column-amount-${stage.id}`} data-amount={column.amount} title="Total amount">
          {formatAmount(column.amount)}
        </span>
      </header>
      <SortableContext id={stage.id} items={deals.map((d) => d.id)} strategy={verticalListSortingStrategy}>
        <div ref={setNodeRef} className="column-body">
          {deals.map((deal) => (
            <SortableDealCard key={deal.id} deal={deal} />
          ))}
          {deals.length === 0 && <div className="column-empty">No deals</div>}
          {column.nextCursor && (
            <Button size="sm" variant="ghost" className="load-more" busy={loadingMore} onClick={() => onLoadMore(stage.id, column.nextCursor ?? '')}>
              {loadingMore ? 'Loading…' : `Load more (${Math.max(0, column.count - column.deals.length)} more)`}
            </Button>
          )}
        </div>
      </SortableContext>
    </section>
  );
}
