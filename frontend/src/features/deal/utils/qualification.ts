import { Qualification } from '@callboard/contracts';

export const QUALIFICATIONS = Qualification.options;

/** The fixed qualification list in words; `none` is the unset value. */
export const QUALIFICATION_LABELS: Record<Qualification | 'none', string> = {
  target_group: 'Target group',
  not_target_group: 'Not target group',
  none: 'Not qualified yet',
};
