import { defineMessages, type MessageDescriptor } from 'react-intl';
import { Qualification } from '@callboard/contracts';

export const QUALIFICATIONS = Qualification.options;

/** The fixed qualification list in words; `none` is the unset value. */
export const QUALIFICATION_MESSAGES: Record<Qualification | 'none', MessageDescriptor> = defineMessages({
  target_group: { id: 'deal.qualification.targetGroup', defaultMessage: 'Target group' },
  not_target_group: { id: 'deal.qualification.notTargetGroup', defaultMessage: 'Not target group' },
  none: { id: 'deal.qualification.none', defaultMessage: 'Not qualified yet' },
});

/**
 * The same words in English only, for features/automation until it takes QUALIFICATION_MESSAGES
 * (the build replaces a message's defaultMessage with its parsed form, so it cannot be read back
 * as a string here).
 * @deprecated use QUALIFICATION_MESSAGES with intl.formatMessage
 */
export const QUALIFICATION_LABELS: Record<Qualification | 'none', string> = {
  target_group: 'Target group',
  not_target_group: 'Not target group',
  none: 'Not qualified yet',
};
