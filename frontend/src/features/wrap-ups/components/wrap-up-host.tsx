import './wrap-ups.css';
import { usePhoneBusy } from '@/features/softphone';
import { usePendingWrapUps } from '../hooks/use-wrap-ups';
import type { WrapUpQueue } from '../hooks/use-wrap-up-queue';
import type { WrapUpRequest } from '../stores/wrap-up-requests';
import { WrapUpPanel } from './wrap-up-panel';

/**
 * The open wrap-up panel (one at a time, the newest call first; "Later" closes it and the call stays
 * on Today). Which panels are open is kept in the first page (`useWrapUpQueue`); this part, with the
 * panel and its words, loads when the first one opens.
 */
export function WrapUpHost({ current, waiting, close }: WrapUpQueue & { current: WrapUpRequest }) {
  const pending = usePendingWrapUps();
  const phoneBusy = usePhoneBusy();
  // the server's wrap-up for the call: from the pending list (kept by the socket) or the request itself
  const wrapUp = pending.data?.find((w) => w.sipCallId === current.sipCallId) ?? current.wrapUp;
  // A new call (ringing, then its in-call bar) needs the corner the panel sits in: the panel steps
  // aside, kept with what the rep typed, until that call ends (then it is back, or on Today).
  return (
    <div hidden={phoneBusy} data-testid="wrap-up-host">
      <WrapUpPanel key={current.sipCallId} request={current} wrapUp={wrapUp ?? null} waiting={waiting} onClose={() => close(current.sipCallId)} />
    </div>
  );
}
