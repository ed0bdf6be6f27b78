import { useToast } from '@/components/ui';
import { placeCall } from '../hooks/softphone-instance';
import { usePhoneView } from '../stores/phone-tab-store';
import { callBlockedReason } from '../tabs/tab-messages';
import { callSetupErrorMessage } from '../utils/call-refusal';

/**
 * A call button for a phone number; `dealId` logs the call on that deal. Works in every tab of the
 * user: a tab that does not hold the phone asks the holder tab to place the call.
 */
export function ClickToCall({ number, dealId }: { number: string | null | undefined; dealId?: string }) {
  const view = usePhoneView();
  const toast = useToast();
  if (!number) return null;
  const blocked = callBlockedReason(view);
  return (
    <button
      type="button"
      className="btn btn-sm softphone-call"
      data-testid="click-to-call"
      data-number={number}
      data-blocked-reason={blocked ?? undefined}
      disabled={blocked !== null}
      title={blocked ?? (view.holder ? `Call ${number}` : `Call ${number} (with the phone in another tab)`)}
      onClick={() => void placeCall(number, dealId ?? null).catch((e: unknown) => toast.error(`Call not placed: ${callSetupErrorMessage(e)}`))}
    >
      Call
    </button>
  );
}
