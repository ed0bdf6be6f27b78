import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { WrapUp, WrapUpRemovedPayload } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import type { ActiveCall } from '@/features/softphone';
import { wrapUpsApi } from '../api/wrap-ups-api';
import { applyWrapUp, removeWrapUp, wrapUpKeys } from './use-wrap-ups';
import { onWrapUpRequest, type WrapUpRequest } from '../stores/wrap-up-requests';

/** How long a panel opened at hang-up waits for the server's wrap-up before deciding none is owed. */
const NOT_OWED_AFTER_MS = 8_000;

export interface WrapUpQueue {
  /** The panel to show: the newest call first; null when none is open. */
  current: WrapUpRequest | null;
  /** How many more wait behind it. */
  waiting: number;
  /** "Later" or done: the call is put off, a late socket message does not bring it back. */
  close: (sipCallId: string) => void;
}

export interface WrapUpQueueSources {
  /** The session's token (the socket listens while there is one) and its user. */
  token: string | null;
  userId: string;
  /** This tab's phone: its calls as they end (the softphone's `onPhoneCallEnded`, given by the shell). */
  onPhoneCallEnded: (listener: (call: ActiveCall) => void) => () => void;
}

/**
 * Which wrap-up panels are open. It opens one by itself when the rep's call ends: at once when this
 * tab's phone hangs up an answered call (the server's wrap-up fills in a moment later), and on the
 * server's `wrapup.changed` for a call of theirs that ended elsewhere (a desk phone, another tab, an
 * unanswered outbound call); also on request (Today's "Wrap up"). No words and no panel here: this
 * runs in the first page, the panel (`WrapUpHost`) loads when there is one to show.
 */
export function useWrapUpQueue({ token, userId, onPhoneCallEnded }: WrapUpQueueSources): WrapUpQueue {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<WrapUpRequest[]>([]);
  // calls the rep put off ("Later") or finished: a late socket message does not bring them back
  const closed = useRef(new Set<string>());

  const show = useCallback((request: WrapUpRequest) => {
    setOpen((list) => {
      const current = list.find((r) => r.sipCallId === request.sipCallId);
      if (!current) return [...list, request];
      return list.map((r) => (r === current ? { ...current, ...request, hint: request.hint ?? current.hint, wrapUp: request.wrapUp ?? current.wrapUp } : r));
    });
  }, []);
  const hide = useCallback((sipCallId: string) => setOpen((list) => list.filter((r) => r.sipCallId !== sipCallId)), []);
  const close = useCallback(
    (sipCallId: string) => {
      closed.current.add(sipCallId);
      hide(sipCallId);
    },
    [hide],
  );

  useEffect(
    () =>
      onWrapUpRequest((request) => {
        closed.current.delete(request.sipCallId);
        show(request);
      }),
    [show],
  );

  useEffect(
    () =>
      onPhoneCallEnded((call) => {
        // an unanswered outbound call waits for the server (it knows whether the call ever left)
        if (call.answeredAt === null) return;
        if (closed.current.has(call.callId)) return;
        show({ sipCallId: call.callId, hint: { direction: call.direction, number: call.remoteNumber, name: call.remoteName, dealId: call.dealId } });
        // No wrap-up from the server by then: none is owed (the call was transferred on before its
        // end was logged, or the CRM never saw it). Ask once more, then close quietly.
        setTimeout(() => {
          void queryClient
            .fetchQuery({ queryKey: wrapUpKeys.pending, queryFn: ({ signal }) => wrapUpsApi.pending(signal), staleTime: 0 })
            .then((list) => {
              if (!list.some((w) => w.sipCallId === call.callId)) hide(call.callId);
            })
            .catch(() => undefined);
        }, NOT_OWED_AFTER_MS);
      }),
    [show, hide, queryClient, onPhoneCallEnded],
  );

  useEffect(() => {
    if (!token) return;
    return listenSocket({
      'wrapup.changed': (raw) => {
        const parsed = WrapUp.safeParse(raw);
        if (!parsed.success || parsed.data.userId !== userId) return;
        const wrapUp = parsed.data;
        applyWrapUp(queryClient, wrapUp);
        if (wrapUp.status !== 'pending') {
          closed.current.add(wrapUp.sipCallId);
          hide(wrapUp.sipCallId);
        } else if (!closed.current.has(wrapUp.sipCallId)) {
          show({ sipCallId: wrapUp.sipCallId, wrapUp });
        }
      },
      'wrapup.removed': (raw) => {
        const parsed = WrapUpRemovedPayload.safeParse(raw);
        if (!parsed.success) return;
        removeWrapUp(queryClient, parsed.data.id);
        hide(parsed.data.sipCallId);
      },
    });
  }, [token, userId, queryClient, show, hide]);

  return { current: open[open.length - 1] ?? null, waiting: Math.max(open.length - 1, 0), close };
}
