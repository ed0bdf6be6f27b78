import { useIntl } from 'react-intl';
import { humaniseKey, isKnownLostReason, lostReasonText } from '../utils/lost-reasons';

/** A lost reason in words: a default one in the page's language, a Head's own key as the Head wrote it. */
export function LostReasonLabel({ reason }: { reason: string }) {
  const intl = useIntl();
  if (isKnownLostReason(reason)) return <>{lostReasonText(intl, reason)}</>;
  return <bdi data-user-content>{humaniseKey(reason)}</bdi>;
}
