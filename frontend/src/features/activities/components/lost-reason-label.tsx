import { useIntl } from 'react-intl';
import { isKnownLostReason, lostReasonText } from '../utils/activity-labels';

/** A lost reason in words; a reason the Head added is their own text (user content). */
export function LostReasonLabel({ reason }: { reason: string }) {
  const intl = useIntl();
  const text = lostReasonText(intl, reason);
  return isKnownLostReason(reason) ? <>{text}</> : <bdi data-user-content>{text}</bdi>;
}
