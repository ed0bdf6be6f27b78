import { defineMessages } from 'react-intl';

export const TAG_WORDS = defineMessages({
  /** The name of a deal's list of tags (chips and editor). */
  list: { id: 'tags.list.label', defaultMessage: 'Tags' },
});
