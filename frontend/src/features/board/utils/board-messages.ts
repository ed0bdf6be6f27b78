import { defineMessages, type MessageDescriptor } from 'react-intl';
import type { DealSource } from '@callboard/contracts';

// Words more than one board component says, defined once (the board is in the first bundle).
// Kept out of board-filters.ts, which stays pure for its unit spec.

/** Every source a deal can come from, in words. */
export const SOURCE_NAMES: Record<DealSource, MessageDescriptor> = defineMessages({
  manual: { id: 'board.source.manual', defaultMessage: 'Entered by hand' },
  inbound_call: { id: 'board.source.inboundCall', defaultMessage: 'Inbound call' },
  outbound_call: { id: 'board.source.outboundCall', defaultMessage: 'Outbound call' },
  web_form: { id: 'board.source.webForm', defaultMessage: 'Web form' },
  import: { id: 'board.source.import', defaultMessage: 'Import' },
});

export const BOARD_WORDS = defineMessages<{ unassigned: {}; dealCount: { count: number }; noNextTask: {} }>({
  /** A deal nobody owns (card, list, the rep filter's choice). */
  unassigned: { id: 'board.owner.unassigned', defaultMessage: 'Unassigned' },
  /** How many deals a column or the list holds. */
  dealCount: { id: 'board.count.deals', defaultMessage: '{count, plural, one {# deal} other {# deals}}' },
  /** A card without a next task, and the filter for such deals. */
  noNextTask: { id: 'board.nextTask.none', defaultMessage: 'No next task' },
});
