import { closestCenter, pointerWithin, rectIntersection, type CollisionDetection } from '@dnd-kit/core';
import { stageIdOfDroppable, type ColumnItems } from './board-order';

/**
 * Which droppable a dragged card is over (after dnd-kit's multiple-containers example).
 * closestCorners alone compares corner distances, so a tall column loses to the card's own
 * placeholder in the column it came from: a card could not be dragged into an empty column
 * further right, and the first arrow key press did nothing. Instead: the column under the
 * pointer (for a keyboard drag, the one the card overlaps most), then the nearest card in it.
 */
export function boardCollisionDetection(items: () => ColumnItems): CollisionDetection {
  return (args) => {
    const underPointer = pointerWithin(args);
    const hits = underPointer.length > 0 ? underPointer : rectIntersection(args);
    const first = hits[0];
    if (!first) return [];
    const stageId = stageIdOfDroppable(String(first.id));
    if (stageId === null) return [first];
    const ids = new Set(items()[stageId] ?? []);
    if (ids.size === 0) return [first];
    const cards = closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => ids.has(String(c.id))) });
    return cards.length > 0 ? [cards[0]!] : [first];
  };
}
