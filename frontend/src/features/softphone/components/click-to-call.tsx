import { useIntl } from 'react-intl';
import { useToast } from '@/components/ui';
import { placeCall } from '../hooks/softphone-instance';
import { usePhoneView } from '../stores/phone-tab-store';
import { callBlockedReason } from '../tabs/tab-messages';
import { isolateLtr } from '@/components/ui/bidi';
import { callSetupProblem } from '../utils/call-refusal';
import { callBlockedMessage, callProblemMessage } from '../utils/phone-messages';

/**
 * A call button for a phone number; `dealId` logs the call on that deal. Works in every tab of the
 * user: a tab that does not hold the phone asks the holder tab to place the call.
 */
export function ClickToCall({ number, dealId }: { number: string | null | undefined; dealId?: string }) {
  const intl = useIntl();
  const view = usePhoneView();
  const toast = useToast();
  if (!number) return null;
  const blockedReason = callBlockedReason(view);
  const blocked = blockedReason && callBlockedMessage(intl, blockedReason);
  const hint = view.holder
    ? intl.formatMessage({ id: 'softphone.clickToCall.hint', defaultMessage: 'Call {number}' }, { number: isolateLtr(number) })
    : intl.formatMessage({ id: 'softphone.clickToCall.hintOtherTab', defaultMessage: 'Call {number} (with the phone in another tab)' }, { number: isolateLtr(number) });
  const notPlaced = (e: unknown) =>
    toast.error(intl.formatMessage({ id: 'softphone.clickToCall.notPlaced', defaultMessage: 'Call not placed: {reason}' }, { reason: callProblemMessage(intl, callSetupProblem(e)) }));
  return (
    <button
      type="button"
      className="btn btn-sm softphone-call"
      data-testid="click-to-call"
      data-number={number}
      data-blocked-reason={blocked ?? undefined}
      disabled={blocked !== null}
      title={blocked ?? hint}
      onClick={() => void placeCall(number, dealId ?? null).catch(notPlaced)}
    >
      {intl.formatMessage({ id: 'softphone.clickToCall.call', defaultMessage: 'Call' })}
    </button>
  );
}
