import { useEffect } from 'react';
import { CallRingingPayload, CallTakenPayload } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import { softphoneStore } from '../stores/softphone-store';

/** Screen pops (call.ringing) and "someone else answered" (call.taken) into the softphone store. */
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
    });
  }, [token]);
}
