import { useCallback, useMemo, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type PointerActivationConstraint,
} from '@dnd-kit/core';
import type { PointerEvent as ReactPointerEvent, ReactNode } from 'react';
import type { Board, Deal, Pipeline } from '@callboard/contracts';
import { closesAsLost, useLostMove } from '../hooks/use-lost-move';
import { useMoveDeal } from '../hooks/use-move-deal';
import { useHiddenColumns } from '../hooks/use-hidden-columns';
import { boardKeyboardCoordinates } from '../utils/keyboard-columns';
import { boardCollisionDetection } from '../utils/board-collision';
import { boardAnnouncements, screenReaderInstructions } from '../utils/announcements';
import {
  columnItemsOf,
  containerOf,
  moveAcrossColumns,
  reorderWithinColumn,
  resolveDrop,
  stageIdOfDroppable,
  type ColumnItems,
} from '../utils/board-order';
import { BoardColumnView } from './board-column';
import { DealCardBody } from './deal-card';

/** Mouse and pen drag with the pointer sensor; touch is left to the TouchSensor (press and hold) so a swipe still scrolls. */
class NonTouchPointerSensor extends PointerSensor {
  static override activators = [
    {
      eventName: 'onPointerDown' as const,
      handler: ({ nativeEvent }: ReactPointerEvent) => nativeEvent.isPrimary && nativeEvent.button === 0 && nativeEvent.pointerType !== 'touch',
    },
  ];
}

const POINTER_CONSTRAINT: PointerActivationConstraint = { distance: 5 };

interface BoardViewProps {
  board: Board;
  pipeline: Pipeline;
  loadingStageId: string | null;
  onLoadMore: (stageId: string, cursor: string) => void;
}

const srOnly = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

export function BoardView({ board, pipeline, loadingStageId, onLoadMore }: BoardViewProps) {
  const intl = useIntl();
  const moveDeal = useMoveDeal();
  const lostMove = useLostMove(pipeline);
  const [dragItems, setDragItems] = useState<ColumnItems | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  // Closed stages (won, lost) start folded to narrow strips, so every stage fits or is a scroll away.
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback(
    (stageId: string) =>
      setUnfolded((prev) => {
        const next = new Set(prev);
        if (!next.delete(stageId)) next.add(stageId);
        return next;
      }),
    [],
  );
  const boardRef = useRef<HTMLDivElement>(null);
  const hidden = useHiddenColumns(boardRef, pipeline.stages.length + unfolded.size);

  const sensors = useSensors(
    useSensor(NonTouchPointerSensor, { activationConstraint: POINTER_CONSTRAINT }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    // ArrowLeft goes to the column on the left as drawn: the next one in Hebrew, where the row runs right to left.
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates }),
  );

  const dealsById = useMemo(() => new Map(board.columns.flatMap((c) => c.deals.map((d) => [d.id, d] as const))), [board]);
  const columnsById = useMemo(() => new Map(board.columns.map((c) => [c.stageId, c] as const)), [board]);
  const items = useMemo(() => dragItems ?? columnItemsOf(board), [dragItems, board]);

  // Announcements read the latest drag state through refs (they are created once per render).
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const announcements = useMemo(
    () =>
      boardAnnouncements(intl, {
        items: () => itemsRef.current,
        titleOf: (id) => dealsById.get(id)?.title,
        stageNameOf: (stageId) => pipeline.stages.find((s) => s.id === stageId)?.name,
      }),
    [intl, dealsById, pipeline],
  );
  const instructions = useMemo(() => screenReaderInstructions(intl), [intl]);
  const collision = useMemo(() => boardCollisionDetection(() => itemsRef.current), []);

  function onDragStart({ active }: DragStartEvent) {
    collision.reset();
    setActiveId(String(active.id));
    setDragItems(columnItemsOf(board));
  }

  function onDragOver({ active, over }: DragOverEvent) {
    // the latest order (several events can come before React renders), not this render's copy
    const current = dragItems && itemsRef.current;
    if (!over || !current) return;
    const activeKey = String(active.id);
    const overKey = String(over.id);
    const from = containerOf(current, activeKey);
    const to = containerOf(current, overKey);
    if (!from || !to || from === to) return;
    const overIsColumn = stageIdOfDroppable(overKey) !== null;
    const translated = active.rect.current.translated;
    const below = !overIsColumn && !!translated && translated.top > over.rect.top + over.rect.height / 2;
    const next = moveAcrossColumns(current, activeKey, to, overIsColumn ? null : overKey, below);
    itemsRef.current = next;
    collision.moved();
    setDragItems(next);
  }

  function onDragEnd({ active, over }: DragEndEvent) {
    const activeKey = String(active.id);
    let finalItems = dragItems && itemsRef.current;
    collision.reset();
    setActiveId(null);
    setDragItems(null);
    if (!over || !finalItems) return;
    const stageId = containerOf(finalItems, activeKey);
    if (!stageId) return;
    const overKey = String(over.id);
    if (overKey !== activeKey && containerOf(finalItems, overKey) === stageId && stageIdOfDroppable(overKey) === null) {
      finalItems = reorderWithinColumn(finalItems, stageId, activeKey, overKey);
    }
    const drop = resolveDrop(board, activeKey, stageId, finalItems[stageId] ?? []);
    if (!drop) return;
    const deal = dealsById.get(activeKey);
    if (deal && closesAsLost(pipeline, deal.stageId, drop.stageId)) lostMove.ask(deal, drop.stageId, drop.position);
    else void moveDeal(activeKey, drop.stageId, drop.position);
  }

  function onDragCancel() {
    collision.reset();
    setActiveId(null);
    setDragItems(null);
  }

  const activeDeal = activeId ? dealsById.get(activeId) : undefined;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision.detect}
      measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
      accessibility={{ announcements, screenReaderInstructions: instructions }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
    >
      <div className="board-frame">
        {hidden.start > 0 && !activeId && (
          <button type="button" className="board-scroll board-scroll-start" onClick={() => hidden.scroll(-1)} data-testid="board-scroll-start">
            <span aria-hidden="true" className="flip-rtl">‹</span>{' '}
            <FormattedMessage
              id="board.scroll.back"
              defaultMessage="{count, plural, one {# more<hidden> column: scroll back</hidden>} other {# more<hidden> columns: scroll back</hidden>}}"
              values={{ count: hidden.start, hidden: srOnly }}
            />
          </button>
        )}
        <div ref={boardRef} className="board" data-testid="board" data-pipeline-id={board.pipelineId}>
          {pipeline.stages.map((stage) => {
            const column = columnsById.get(stage.id);
            if (!column) return null;
            const deals = (items[stage.id] ?? []).map((id) => dealsById.get(id)).filter((d): d is Deal => d !== undefined);
            const closed = stage.group === 'won' || stage.group === 'lost';
            return (
              <BoardColumnView
                key={stage.id}
                stage={stage}
                column={column}
                deals={deals}
                loadingMore={loadingStageId === stage.id}
                onLoadMore={onLoadMore}
                collapsed={closed ? !unfolded.has(stage.id) : undefined}
                onToggle={closed ? toggle : undefined}
                activeId={activeId}
              />
            );
          })}
        </div>
        {hidden.end > 0 && !activeId && (
          <button type="button" className="board-scroll board-scroll-end" onClick={() => hidden.scroll(1)} data-testid="board-scroll-end">
            <FormattedMessage
              id="board.scroll.on"
              defaultMessage="{count, plural, one {# more<hidden> column: scroll on</hidden>} other {# more<hidden> columns: scroll on</hidden>}}"
              values={{ count: hidden.end, hidden: srOnly }}
            />{' '}
            <span aria-hidden="true" className="flip-rtl">›</span>
          </button>
        )}
      </div>
      {/* No drop animation: while it plays dnd-kit starts no new drag, and a drop onto Lost opens the
          reason dialog on top of it, so a second drag right after a cancel did nothing. */}
      <DragOverlay dropAnimation={null}>
        {activeDeal ? (
          <article className="deal-card is-overlay" aria-hidden="true">
            <DealCardBody deal={activeDeal} linkTitle={false} />
          </article>
        ) : null}
      </DragOverlay>
      {lostMove.dialog}
    </DndContext>
  );
}
