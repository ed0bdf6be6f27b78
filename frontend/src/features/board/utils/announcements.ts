import type { Announcements, ScreenReaderInstructions, UniqueIdentifier } from '@dnd-kit/core';
import { containerOf, type ColumnItems } from './board-order';

export const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    'To pick up a deal card, press Space. While dragging, use the arrow keys to move it within a column or to another column. Press Space again to drop it, or Escape to cancel. Press Enter to open the deal.',
};

interface Lookup {
  items: () => ColumnItems;
  titleOf: (id: string) => string;
  stageNameOf: (stageId: string) => string;
}

/** Words for screen readers while a card is moved (dnd-kit's live region). */
export function boardAnnouncements({ items, titleOf, stageNameOf }: Lookup): Announcements {
  const where = (id: UniqueIdentifier, activeId: UniqueIdentifier): string => {
    const current = items();
    const stage = containerOf(current, String(id));
    if (stage === null) return '';
    const ids = current[stage] ?? [];
    const index = ids.indexOf(String(activeId));
    const place = index >= 0 ? `, position ${index + 1} of ${ids.length}` : '';
    return `${stageNameOf(stage)}${place}`;
  };
  return {
    onDragStart: ({ active }) => `Picked up deal ${titleOf(String(active.id))} in ${where(active.id, active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `Deal ${titleOf(String(active.id))} is over ${where(over.id, active.id)}.` : `Deal ${titleOf(String(active.id))} is no longer over a column.`,
    onDragEnd: ({ active, over }) =>
      over ? `Deal ${titleOf(String(active.id))} was dropped in ${where(over.id, active.id)}.` : `Deal ${titleOf(String(active.id))} was dropped.`,
    onDragCancel: ({ active }) => `Moving was cancelled. Deal ${titleOf(String(active.id))} went back to where it was.`,
  };
}
