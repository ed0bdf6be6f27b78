import type { KeyboardCoordinateGetter } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { stageIdOfDroppable } from './board-order';

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The column a card held with the keyboard goes to on ArrowLeft/ArrowRight: the nearest one drawn
 * on that side of the card, whatever the order of the stages. In Hebrew the columns run right to
 * left, so ArrowLeft is the next stage, as the user sees it.
 */
export function adjacentColumn<T extends { rect: Box }>(key: 'ArrowLeft' | 'ArrowRight', card: Box, columns: T[]): T | null {
  const x = card.left + card.width / 2;
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const column of columns) {
    const { left, width } = column.rect;
    if (left <= x && x <= left + width) continue; // the card's own column
    const distance = key === 'ArrowLeft' ? x - (left + width) : left - x;
    if (distance >= 0 && distance < bestDistance) {
      best = column;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * dnd-kit's sortable coordinates for Up/Down (within a column); ArrowLeft/ArrowRight go to the
 * adjacent column as drawn (`adjacentColumn`), top of the card kept.
 */
export const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  if (event.code !== 'ArrowLeft' && event.code !== 'ArrowRight') return sortableKeyboardCoordinates(event, args);
  event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers } = args.context;
  if (!collisionRect) return undefined;
  const columns = droppableContainers.getEnabled().flatMap((c) => {
    const rect = droppableRects.get(c.id);
    return rect && stageIdOfDroppable(String(c.id)) !== null ? [{ id: String(c.id), rect }] : [];
  });
  const target = adjacentColumn(event.code, collisionRect, columns);
  return target ? { x: target.rect.left + (target.rect.width - collisionRect.width) / 2, y: collisionRect.top } : undefined;
};
