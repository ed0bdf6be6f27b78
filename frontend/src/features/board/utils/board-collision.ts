import { closestCenter, pointerWithin, rectIntersection, type Collision, type CollisionDetection } from '@dnd-kit/core';
import { stageIdOfDroppable, type ColumnItems } from './board-order';

export interface BoardCollision {
  detect: CollisionDetection;
  /** The card was just re-filed under another column: hold the target until the layout has settled. */
  moved(): void;
  /** A drag started or ended: forget the previous target. */
  reset(): void;
}

/**
 * Which droppable a dragged card is over (after dnd-kit's multiple-containers example), in two
 * steps: the column, then the nearest card in it.
 *
 * The column is chosen among the column droppables only, from the pointer (for a keyboard drag,
 * the column the card overlaps most). Columns keep their place when a card is re-filed, so the
 * answer cannot flip because of the re-filing itself. Before, a pointer in a gap or at the board's
 * edge (where auto-scroll runs) fell back to the card rectangles, which shift on every re-filing:
 * the target flipped between two columns on each render, each flip re-filed the card again, and
 * React gave up with "Maximum update depth exceeded" (#185). Now a pointer over no column keeps
 * the last target, and for one frame after a re-filing the target is held, as the example does.
 */
export function boardCollisionDetection(items: () => ColumnItems): BoardCollision {
  let last: Collision | null = null;
  let holding = false;

  const detect: CollisionDetection = (args) => {
    if (holding && last) return [last];
    const columns = args.droppableContainers.filter((c) => stageIdOfDroppable(String(c.id)) !== null);
    const onColumns = { ...args, droppableContainers: columns };
    const hits = args.pointerCoordinates ? pointerWithin(onColumns) : rectIntersection(onColumns);
    const column = hits[0] ?? (last ? null : rectIntersection(onColumns)[0]);
    if (!column) return last ? [last] : [];
    const stageId = stageIdOfDroppable(String(column.id))!;
    const ids = new Set(items()[stageId] ?? []);
    const cards = ids.size === 0 ? [] : closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => ids.has(String(c.id))) });
    last = cards[0] ?? column;
    return [last];
  };

  return {
    detect,
    moved() {
      holding = true;
      // two frames: React commits the re-filed card, dnd-kit measures it, then targets are free again
      requestAnimationFrame(() => requestAnimationFrame(() => (holding = false)));
    },
    reset() {
      last = null;
      holding = false;
    },
  };
}
