import { useSoftphoneSnapshot } from '../stores/softphone-store';
import { getActiveSoftphone } from '../hooks/softphone-instance';
import { SoftphoneState } from '../sip/softphone';

/** A call button for a phone number; `dealId` logs the call on that deal. */
export function ClickToCall({ number, dealId }: { number: string | null | undefined; dealId?: string }) {
  const { state } = useSoftphoneSnapshot();
  if (!number) return null;
  return (
    <button
      type="button"
      className="btn btn-sm softphone-call"
      data-testid="click-to-call"
      data-number={number}
      disabled={state !== SoftphoneState.Ready}
      title={state === SoftphoneState.Ready ? `Call ${number}` : 'The softphone is not ready'}
      onClick={() => void getActiveSoftphone()?.call(number, dealId).catch(() => undefined)}
    >
      Call
    </button>
  );
}
