import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { FormattedMessage, useIntl } from 'react-intl';
import type { BoardColumn, Deal, Stage } from '@callboard/contracts';
import { Button } from '@/components/ui';
import { formatAmount, formatMoney, formatNumber } from '@/lib/format';
import { BOARD_WORDS } from '../utils/board-messages';
import { columnDroppableId } from '../utils/board-order';
import { DeclinedLeads } from './declined-leads';
import { SortableDealCard } from './sortable-deal-card';

interface BoardColumnViewProps {
  stage: Stage;
  column: BoardColumn;
  deals: Deal[];
  loadingMore: boolean;
  onLoadMore: (stageId: string, cursor: string) => void;
  /** Closed stages (won, lost) can be folded to a narrow strip; undefined: this column does not fold. */
  collapsed?: boolean;
  onToggle?: (stageId: string) => void;
  /** The card being dragged: kept mounted (hidden) when it is held over a folded column. */
  activeId?: string | null;
}

/** One total per currency, as the server summed them (no conversion); an older server's single sum otherwise. */
function ColumnTotals({ column, stageId }: { column: BoardColumn; stageId: string }) {
  const intl = useIntl();
  const totals = column.amounts;
  return (
    <span
      className="column-amount"
      data-testid={`column-amount-${stageId}`}
      data-amount={column.amount}
      title={intl.formatMessage({ id: 'board.column.totalsTitle', defaultMessage: 'Total amount per currency' })}
    >
      {totals === undefined ? (
        formatAmount(column.amount)
      ) : totals.length === 0 ? (
        <span className="column-amount-none">
          <FormattedMessage id="board.column.noAmount" defaultMessage="No amount" />
        </span>
      ) : (
        totals.map((t) => (
          <span key={t.currency} className="column-amount-item" data-currency={t.currency} data-amount={t.amount}>
            {formatMoney(t.amount, t.currency)}
          </span>
        ))
      )}
    </span>
  );
}

export function BoardColumnView({ stage, column, deals, loadingMore, onLoadMore, collapsed, onToggle, activeId }: BoardColumnViewProps) {
  const intl = useIntl();
  const { setNodeRef, isOver } = useDroppable({ id: columnDroppableId(stage.id) });
  const headingId = `column-heading-${stage.id}`;
  const bodyId = `column-body-${stage.id}`;
  const foldable = collapsed !== undefined && onToggle !== undefined;
  // a stage's name is the Head's (or the install's) words: shown isolated, never translated
  const name = <bdi data-user-content>{stage.name}</bdi>;

  if (foldable && collapsed) {
    const held = deals.filter((d) => d.id === activeId);
    return (
      <section
        ref={setNodeRef}
        className={`board-column is-collapsed group-${stage.group}${isOver ? ' is-over' : ''}`}
        data-testid={`column-${stage.id}`}
        data-stage-name={stage.name}
        data-collapsed="true"
        aria-labelledby={headingId}
      >
        <h2 id={headingId} className="column-fold-heading">
          <button
            type="button"
            className="column-fold"
            aria-expanded="false"
            aria-controls={bodyId}
            onClick={() => onToggle(stage.id)}
            data-testid={`column-toggle-${stage.id}`}
            title={intl.formatMessage({ id: 'board.column.show', defaultMessage: 'Show {stage}' }, { stage: stage.name })}
          >
            <span className="column-fold-name">{name}</span>
            <span className="column-count" data-testid={`column-count-${stage.id}`} data-count={column.count}>
              <span aria-hidden="true">{formatNumber(column.count)}</span>
              <span className="visually-hidden">
                <FormattedMessage
                  id="board.column.showFolded"
                  defaultMessage=", {count, plural, one {# deal} other {# deals}}. Show the column"
                  values={{ count: column.count }}
                />
              </span>
            </span>
          </button>
        </h2>
        <SortableContext id={stage.id} items={held.map((d) => d.id)} strategy={verticalListSortingStrategy}>
          <div id={bodyId} className="column-body" hidden>
            {held.map((deal) => (
              <SortableDealCard key={deal.id} deal={deal} />
            ))}
          </div>
        </SortableContext>
      </section>
    );
  }

  return (
    <section
      className={`board-column group-${stage.group}${isOver ? ' is-over' : ''}`}
      data-testid={`column-${stage.id}`}
      data-stage-name={stage.name}
      aria-labelledby={headingId}
    >
      <header className="column-header">
        <h2 id={headingId} className="column-name" title={stage.name} data-user-content>
          {name}
        </h2>
        <span
          className="column-count"
          data-testid={`column-count-${stage.id}`}
          data-count={column.count}
          aria-label={intl.formatMessage(BOARD_WORDS.dealCount, { count: column.count })}
        >
          {formatNumber(column.count)}
        </span>
        {foldable && (
          <button
            type="button"
            className="column-unfold"
            aria-expanded="true"
            aria-controls={bodyId}
            aria-label={intl.formatMessage({ id: 'board.column.fold', defaultMessage: 'Fold {stage}' }, { stage: stage.name })}
            title={intl.formatMessage({ id: 'board.column.foldTitle', defaultMessage: 'Fold {stage} to a narrow column' }, { stage: stage.name })}
            onClick={() => onToggle(stage.id)}
            data-testid={`column-toggle-${stage.id}`}
          >
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
              <path fill="currentColor" d="M6 3h1.6v10H6zM8.4 3H10v10H8.4z" />
            </svg>
          </button>
        )}
        <ColumnTotals column={column} stageId={stage.id} />
        {stage.group === 'inbox' && <DeclinedLeads />}
      </header>
      <SortableContext id={stage.id} items={deals.map((d) => d.id)} strategy={verticalListSortingStrategy}>
        <div ref={setNodeRef} id={bodyId} className="column-body">
          {deals.map((deal) => (
            <SortableDealCard key={deal.id} deal={deal} />
          ))}
          {deals.length === 0 && (
            <div className="column-empty">
              <FormattedMessage id="board.column.empty" defaultMessage="No deals" />
            </div>
          )}
          {column.nextCursor && (
            <Button size="sm" variant="ghost" className="load-more" busy={loadingMore} onClick={() => onLoadMore(stage.id, column.nextCursor ?? '')}>
              {loadingMore ? (
                <FormattedMessage id="board.column.loading" defaultMessage="Loading…" />
              ) : (
                <FormattedMessage
                  id="board.column.loadMore"
                  defaultMessage="Load more ({count} more)"
                  values={{ count: formatNumber(Math.max(0, column.count - column.deals.length)) }}
                />
              )}
            </Button>
          )}
        </div>
      </SortableContext>
    </section>
  );
}
