import { defineMessages, type MessageDescriptor } from 'react-intl';
import { Qualification } from '@callboard/contracts';

export const QUALIFICATIONS = Qualification.options;

/** The fixed qualification list in words; `none` is the unset value. */
export const QUALIFICATION_MESSAGES: Record<Qualification | 'none', MessageDescriptor> = defineMessages({
  target_group: { id: 'deal.qualification.targetGroup', defaultMessage: 'Target group' },
  not_target_group: { id: 'deal.qualification.notTargetGroup', defaultMessage: 'Not target group' },
  none: { id: 'deal.qualification.none', defaultMessage: 'Not qualified yet' },
});

