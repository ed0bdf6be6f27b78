import { useEffect } from 'react';
import { CallRingingPayload, CallTakenPayload } from '@callboard/contracts';
import { connectSocket } from '@/lib/socket';
import { softphoneStore } from '../stores/softphone-store';

/** Screen pops (call.ringing) and "someone else answered" (call.taken) into the softphone store. */
export function useCallEvents(token: string | null): void {
  useEffect(() => {
    if (!token) return;
    const socket = connectSocket(token);
    socket.on('call.ringing', (raw: unknown) => {
      const parsed = CallRingingPayload.safeParse(raw);
      if (!parsed.success) return;
      const { pops } = softphoneStore.get();
      softphoneStore.update({ pops: { ...pops, [parsed.data.callId]: parsed.data } });
    });
    socket.on('call.taken', (raw: unknown) => {
      const parsed = CallTakenPayload.safeParse(raw);
      if (!parsed.success) return;
      const { taken } = softphoneStore.get();
      softphoneStore.update({ taken: { ...taken, [parsed.data.callId]: parsed.data.byName ?? 'another rep' } });
    });
    return () => {
      socket.disconnect();
    };
  }, [token]);
}
