import { defineMessages, type IntlShape } from 'react-intl';
import type { Announcements, ScreenReaderInstructions, UniqueIdentifier } from '@dnd-kit/core';
import { formatNumber } from '@/lib/format';
import { containerOf, type ColumnItems } from './board-order';

type Title = { title: string };
type Where = Title & { stage: string; placed: 'yes' | 'no'; position: string; total: string };

const MESSAGES = defineMessages<{ instructions: {}; pickedUp: Where; over: Where; overNothing: Title; dropped: Where; droppedNowhere: Title; cancelled: Title }>({
  instructions: {
    id: 'board.drag.instructions',
    defaultMessage:
      'To pick up a deal card, press Space. While dragging, use the arrow keys to move it within a column or to another column. Press Space again to drop it, or Escape to cancel. Press Enter to open the deal.',
  },
  pickedUp: {
    id: 'board.drag.pickedUp',
    defaultMessage: 'Picked up deal {title} in {stage}{placed, select, yes {, position {position} of {total}} other {}}.',
  },
  over: {
    id: 'board.drag.over',
    defaultMessage: 'Deal {title} is over {stage}{placed, select, yes {, position {position} of {total}} other {}}.',
  },
  overNothing: { id: 'board.drag.overNothing', defaultMessage: 'Deal {title} is no longer over a column.' },
  dropped: {
    id: 'board.drag.dropped',
    defaultMessage: 'Deal {title} was dropped in {stage}{placed, select, yes {, position {position} of {total}} other {}}.',
  },
  droppedNowhere: { id: 'board.drag.droppedNowhere', defaultMessage: 'Deal {title} was dropped.' },
  cancelled: { id: 'board.drag.cancelled', defaultMessage: 'Moving was cancelled. Deal {title} went back to where it was.' },
});

export function screenReaderInstructions(intl: IntlShape): ScreenReaderInstructions {
  return { draggable: intl.formatMessage(MESSAGES.instructions) };
}

interface Lookup {
  items: () => ColumnItems;
  /** A card's deal title; undefined for a card the board does not know (nothing is announced). */
  titleOf: (id: string) => string | undefined;
  stageNameOf: (stageId: string) => string | undefined;
}

/** Words for screen readers while a card is moved (dnd-kit's live region), in the page's language. */
export function boardAnnouncements(intl: IntlShape, { items, titleOf, stageNameOf }: Lookup): Announcements {
  // The column under `id` and, once the card is filed there, its place in it.
  const where = (id: UniqueIdentifier, activeId: UniqueIdentifier) => {
    const current = items();
    const stageId = containerOf(current, String(id));
    const stage = stageId === null ? undefined : stageNameOf(stageId);
    if (stageId === null || stage === undefined) return undefined;
    const ids = current[stageId] ?? [];
    const index = ids.indexOf(String(activeId));
    return { stage, placed: index >= 0 ? ('yes' as const) : ('no' as const), position: formatNumber(index + 1), total: formatNumber(ids.length) };
  };
  const about = (message: typeof MESSAGES.cancelled, activeId: UniqueIdentifier) => {
    const title = titleOf(String(activeId));
    return title === undefined ? undefined : intl.formatMessage(message, { title });
  };
  const aboutPlace = (message: typeof MESSAGES.over, activeId: UniqueIdentifier, overId: UniqueIdentifier) => {
    const title = titleOf(String(activeId));
    const place = where(overId, activeId);
    return title === undefined || place === undefined ? undefined : intl.formatMessage(message, { title, ...place });
  };
  return {
    onDragStart: ({ active }) => aboutPlace(MESSAGES.pickedUp, active.id, active.id),
    onDragOver: ({ active, over }) => (over ? aboutPlace(MESSAGES.over, active.id, over.id) : about(MESSAGES.overNothing, active.id)),
    onDragEnd: ({ active, over }) => (over ? aboutPlace(MESSAGES.dropped, active.id, over.id) : about(MESSAGES.droppedNowhere, active.id)),
    onDragCancel: ({ active }) => about(MESSAGES.cancelled, active.id),
  };
}
