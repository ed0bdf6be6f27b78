import { useEffect } from 'react';
import { CallAnsweredPayload, CallEndedPayload, CallRingingPayload, CallTakenPayload } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import { softphoneStore } from '../stores/softphone-store';

/**
 * Screen pops (call.ringing), "someone else answered" (call.taken), "you have this call" with its
 * deal and contact (call.answered, also for a desk phone's answer) and its end (call.ended) into
 * the softphone store.
 */
export function useCallEvents(token: string | null): void {
  useEffect(() => {
    if (!token) return;
    return listenSocket({
      'call.ringing': (raw: unknown) => {
        const parsed = CallRingingPayload.safeParse(raw);
        if (!parsed.success) return;
        const { pops } = softphoneStore.get();
        softphoneStore.update({ pops: { ...pops, [parsed.data.callId]: parsed.data } });
      },
      'call.taken': (raw: unknown) => {
        const parsed = CallTakenPayload.safeParse(raw);
        if (!parsed.success) return;
        const { taken } = softphoneStore.get();
        softphoneStore.update({ taken: { ...taken, [parsed.data.callId]: parsed.data.byName ?? null } });
      },
      'call.answered': (raw: unknown) => {
        const parsed = CallAnsweredPayload.safeParse(raw);
        if (!parsed.success) return;
        const { answered } = softphoneStore.get();
        softphoneStore.update({ answered: { ...answered, [parsed.data.callId]: parsed.data } });
      },
      'call.ended': (raw: unknown) => {
        const parsed = CallEndedPayload.safeParse(raw);
        if (!parsed.success) return;
        forgetCall(parsed.data.callId);
      },
    });
  }, [token]);
}

/** A call is over: its links and a held "open the deal" go. */
export function forgetCall(callId: string): void {
  const { answered, heldOpening } = softphoneStore.get();
  if (!(callId in answered) && heldOpening?.callId !== callId) return;
  const { [callId]: _gone, ...rest } = answered;
  softphoneStore.update({ answered: rest, heldOpening: heldOpening?.callId === callId ? null : heldOpening });
}
